FROM alpine:3.20
ARG VERSION=2.0.0-beta.1
LABEL org.opencontainers.image.version="1.2.3"
LABEL org.opencontainers.image.version="0.0.0"
LABEL org.opencontainers.image.version="1.0.0-alpha.1+build.007"
LABEL org.opencontainers.image.version="1.0.0-x-y-z.--"
LABEL org.opencontainers.image.version="10.20.30+exp.sha.5114f85"
LABEL org.opencontainers.image.version="${VERSION}"
# case-settings: label-schema=org.opencontainers.image.version:semver
# expect: none
