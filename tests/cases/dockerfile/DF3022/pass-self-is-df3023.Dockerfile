FROM golang:1.22 AS build
COPY --from=build /go/bin /tmp/
FROM alpine:3.20
COPY --from=1 /etc/hosts /tmp/hosts
# expect: DF3023@2 DF3023@4
