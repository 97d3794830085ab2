FROM python:3.12-slim
ARG SOURCE_URL
LABEL maintainer="Platform Team"
LABEL org.opencontainers.image.source="${SOURCE_URL}" org.opencontainers.image.licenses="MIT"
LABEL description=""
# case-settings: label-schema=maintainer:text,org.opencontainers.image.source:url,org.opencontainers.image.licenses:spdx
# expect: none
