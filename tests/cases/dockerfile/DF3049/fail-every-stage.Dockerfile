FROM golang:1.22 AS build
LABEL maintainer="ops@example.com"

FROM gcr.io/distroless/static-debian12
LABEL org.opencontainers.image.source="https://github.com/acme/app"
# case-settings: label-schema=maintainer:email,org.opencontainers.image.source:url
# expect: DF3049@1 DF3049@4
