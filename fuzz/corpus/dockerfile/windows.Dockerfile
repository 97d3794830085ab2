# escape=`
FROM mcr.microsoft.com/dotnet/sdk
SHELL ["powershell", "-Command"]
RUN Invoke-WebRequest https://x -OutFile x.zip; `
    Expand-Archive x.zip
