ARG SRC=https://github.com/acme/app
FROM debian:12-slim AS base
LABEL maintainer="ops@example.com" \
      org.opencontainers.image.source="${SRC}"

FROM base AS final
LABEL org.opencontainers.image.title="app"
# case-settings: label-schema=maintainer:email,org.opencontainers.image.source:url
# expect: none
