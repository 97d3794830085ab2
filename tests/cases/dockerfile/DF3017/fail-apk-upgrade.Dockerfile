# case-settings: enable=DF3017
FROM alpine:3.18
RUN apk update && apk upgrade
RUN apk --no-cache upgrade --available
# expect: DF3017@3 DF3017@4
