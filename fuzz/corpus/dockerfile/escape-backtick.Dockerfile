# escape=`
FROM mcr.microsoft.com/windows/nanoserver
RUN dir C:\ `
    && echo done
WORKDIR C:\app\
