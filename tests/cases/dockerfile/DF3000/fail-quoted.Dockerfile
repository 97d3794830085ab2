FROM alpine:3.20
WORKDIR "opt/tool"
# expect: DF3000@2
