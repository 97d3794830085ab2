FROM python:3.12-slim
LABEL maintainer="ops@example.com"
LABEL org.opencontainers.image.url="https://example.com"
# case-settings: label-schema=maintainer:email,org.opencontainers.image.source:url
# expect: DF3049@1
