FROM python:3.12-slim
LABEL maintainer="ops@example.com" org.opencontainers.image.title="app"
# case-settings: label-schema=maintainer:email strict-labels=false
# expect: none
