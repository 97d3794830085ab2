FROM alpine:3.20
LABEL org.opencontainers.image.version="v1.2.3"
LABEL org.opencontainers.image.version="1.2"
LABEL org.opencontainers.image.version="01.2.3"
LABEL org.opencontainers.image.version="1.2.3-rc.01"
LABEL org.opencontainers.image.version="1.2.3-"
LABEL org.opencontainers.image.version="1.2.3+build..1"
# case-settings: label-schema=org.opencontainers.image.version:semver
# expect: DF3056@2 DF3056@3 DF3056@4 DF3056@5 DF3056@6 DF3056@7
