FROM mcr.microsoft.com/powershell:7.4-ubuntu-22.04
SHELL pwsh -Command
RUN Write-Host "hello"
MAINTAINER ops@example.com
# expect: DF1000@2 DF4000@4
