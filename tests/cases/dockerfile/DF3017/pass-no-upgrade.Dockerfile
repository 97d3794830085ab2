# case-settings: enable=DF3017
FROM alpine:3.19
RUN apk add --no-cache --upgrade curl=8.5.0-r0
RUN echo "apk upgrade" > /tmp/todo
# expect: none
