FROM python:3.12-slim
ARG EMPTY=
LABEL maintainer=""
LABEL org.opencontainers.image.source=${EMPTY} org.opencontainers.image.licenses=''
# case-settings: label-schema=maintainer:text,org.opencontainers.image.source:url,org.opencontainers.image.licenses:spdx
# expect: DF3051@3 DF3051@4 DF3051@4
