# The SHELL of these images is Windows PowerShell (no &&), although none is written here.
ARG SDK=mcr.microsoft.com/dotnet/framework/sdk:4.8-windowsservercore-ltsc2019
FROM $SDK AS build
WORKDIR C:/src
COPY app.sln .
RUN nuget restore app.sln
RUN msbuild app.sln /p:Configuration=Release

FROM build AS test
RUN apt-get install -y curl
RUN vstest.console.exe bin/Release/app.Tests.dll

FROM mcr.microsoft.com/dotnet/framework/aspnet:4.8
COPY --from=build C:/src/bin/Release C:/inetpub/wwwroot
RUN mkdir C:\logs
RUN icacls C:\logs /grant IIS_IUSRS:F
