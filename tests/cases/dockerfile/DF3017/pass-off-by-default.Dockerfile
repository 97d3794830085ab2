FROM alpine:3.18
RUN apk upgrade
# expect: none
