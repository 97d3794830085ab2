FROM mcr.microsoft.com/powershell:lts-debian-12
SHELL ["pwsh", "-Command"]
# Under PowerShell the RUN is not a POSIX script and is not analysed.
RUN apt-get install -y curl
# expect: none
