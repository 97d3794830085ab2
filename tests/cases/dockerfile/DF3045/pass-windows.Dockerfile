# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
COPY bla.ps1 c:\system32\blubb.ps1
COPY tool.exe "C:\Program Files\Tool\tool.exe"
# expect: none
