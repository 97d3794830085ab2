# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
COPY app.exe app.dll C:\app\
# expect: none
