FROM alpine:3.20
ARG GIT_SHA
LABEL org.opencontainers.image.revision="9fceb02d0ae598e95dc970b74767f19372d61af8"
LABEL org.opencontainers.image.revision="9FCEB02D0AE598E95DC970B74767F19372D61AF8"
LABEL org.opencontainers.image.revision="2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
LABEL org.opencontainers.image.revision=${GIT_SHA}
# case-settings: label-schema=org.opencontainers.image.revision:hash
# expect: none
