# syntax=docker/dockerfile:1
FROM alpine:3.19
RUN apk add --no-cache curl=8.5.0-r0
RUN apk --no-cache add jq=1.7.1-r0
RUN --mount=type=cache,target=/var/cache/apk apk add git=2.43.0-r0
RUN --mount=type=cache,target=/var/cache/apk/,sharing=locked \
    apk add --update bash=5.2.21-r0
# Intentional difference from hadolint: removing the cache in the same RUN.
RUN apk update && apk add tzdata=2024a-r0 && rm -rf /var/cache/apk/*
# expect: none
