FROM mcr.microsoft.com/powershell:lts-ubuntu-22.04
SHELL ["pwsh", "-Command"]
RUN New-Item -ItemType Directory /a
RUN New-Item -ItemType Directory /b
RUN Remove-Item /a
