FROM python:3.12-slim
LABEL maintainer="ops@example.com"
LABEL org.opencontainers.image.source="https://github.com/acme/app"
# case-settings: label-schema=maintainer:email,org.opencontainers.image.source:url strict-labels=true
# expect: none
