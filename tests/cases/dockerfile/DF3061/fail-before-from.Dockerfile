# syntax=docker/dockerfile:1
ARG VERSION=3.20
LABEL org.opencontainers.image.vendor="ACME"
ENV TZ=UTC
FROM alpine:${VERSION}
RUN apk add --no-cache tzdata
# expect: DF3061@3 DF3061@4
