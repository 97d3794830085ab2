FROM alpine:3.19
RUN apk update && apk add curl=8.5.0-r0
RUN apk add --virtual .build-deps \
      gcc=13.2.1_git20231014-r0 \
 && apk del .build-deps
# expect: DF3019@2 DF3019@3-5
