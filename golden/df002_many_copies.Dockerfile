# A .NET service with a Node front end: each project file is copied on its
# own, then the front end's dependencies are installed.
FROM node:22 AS web
WORKDIR /src

COPY "Shop.Api/Shop.Api.csproj" "Shop.Api/"
COPY "Shop.Core/Shop.Core.csproj" "Shop.Core/"
COPY "Shop.Data/Shop.Data.csproj" "Shop.Data/"
COPY "Shop.Jobs/Shop.Jobs.csproj" "Shop.Jobs/"
# the tests
COPY "Shop.Tests/Shop.Tests.csproj" "Shop.Tests/"
ENV NODE_ENV=production
COPY "Shop.Web/Shop.Web.csproj" "Shop.Web/"
COPY "Shop.Admin/Shop.Admin.csproj" "Shop.Admin/"
COPY "Shop.Mail/Shop.Mail.csproj" "Shop.Mail/"
COPY "Shop.Search/Shop.Search.csproj" "Shop.Search/"

RUN npm install

FROM mcr.microsoft.com/dotnet/sdk:8.0
WORKDIR /src
COPY Shop.sln ./
COPY Shop.Api/Shop.Api.csproj Shop.Api/
COPY Shop.Core/Shop.Core.csproj Shop.Core/
RUN dotnet restore
COPY . .
RUN dotnet publish -c Release -o /out
