# escape=^
# escape=`
FROM a
