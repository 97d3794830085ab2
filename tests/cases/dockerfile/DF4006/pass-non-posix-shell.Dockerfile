FROM mcr.microsoft.com/powershell:lts-debian-12
SHELL ["pwsh", "-Command"]
RUN Get-ChildItem | Select-Object Name
# expect: none
