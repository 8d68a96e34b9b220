# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
RUN mkdir C:\app
RUN curl -o C:\app\x.zip https://example.org/x.zip
RUN del C:\app\x.zip
