FROM python:3.12-slim AS build
LABEL stage="build"

FROM python:3.12-slim
LABEL maintainer="ops@example.com" \
      org.opencontainers.image.source="https://github.com/acme/app" \
      org.opencontainers.image.title="app"
# case-settings: label-schema=maintainer:email,org.opencontainers.image.source:url strict-labels=true
# expect: DF3050@2 DF3050@5-7
