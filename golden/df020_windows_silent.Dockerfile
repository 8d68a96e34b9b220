# escape=`
FROM mcr.microsoft.com/dotnet/framework/sdk:4.8-windowsservercore-ltsc2022 AS build
COPY . C:/src
RUN msbuild C:/src/app.sln

FROM python:3.12-windowsservercore-ltsc2022
COPY --from=build C:/src/bin C:/app
CMD ["python", "C:/app/main.py"]
