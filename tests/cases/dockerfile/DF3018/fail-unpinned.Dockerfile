FROM alpine:3.19
RUN apk add --no-cache \
      ca-certificates=20240226-r0 \
      curl \
      tzdata
# expect: DF3018@2-5
