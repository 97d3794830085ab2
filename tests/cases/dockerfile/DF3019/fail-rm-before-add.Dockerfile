FROM alpine:3.19
RUN rm -rf /var/cache/apk/* && apk add curl=8.5.0-r0
# expect: DF3019@2
