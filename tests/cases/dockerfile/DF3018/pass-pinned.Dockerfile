FROM alpine:3.19
ARG PY_VERSION=3.11.8-r0
RUN apk add --no-cache --virtual .build-deps \
      curl=8.5.0-r0 \
      'bash~5.2' \
      "python3=${PY_VERSION}" \
      'openssl>3.1' \
      /tmp/local-package.apk \
 && apk del .build-deps
RUN apk add --no-cache --repository https://dl-cdn.alpinelinux.org/alpine/edge/testing hugo=0.121.2-r0
RUN apk add --no-cache -X https://dl-cdn.alpinelinux.org/alpine/edge/community go=1.22.0-r0
# Not apk add: nothing to pin.
RUN apk info -vv && apk del curl
# expect: none
