# syntax=docker/dockerfile:1
FROM alpine:3.19
RUN --mount=type=cache,target=/root/.cache apk add curl=8.5.0-r0
RUN --mount=type=bind,target=/var/cache/apk apk add jq=1.7.1-r0
# expect: DF3019@3 DF3019@4
