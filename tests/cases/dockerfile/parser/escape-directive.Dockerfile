# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
RUN powershell -Command `
    Write-Host hello
WORKDIR C:\app\
WORKDIR relative
# expect: DF3000@6
