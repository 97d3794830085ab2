# escape=^
FROM alpine:3.19
WORKDIR relative
# expect: DF1000@1 DF3000@3
