FROM debian:12-slim AS base
LABEL maintainer="ops@example.com" \
      org.opencontainers.image.source="https://github.com/acme/app"

FROM debian:12-slim
RUN true
# case-settings: label-schema=maintainer:email,org.opencontainers.image.source:url
# expect: DF3049@5 DF3049@5
