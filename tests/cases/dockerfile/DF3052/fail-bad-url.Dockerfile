FROM alpine:3.20
LABEL org.opencontainers.image.source="github.com/acme/app"
LABEL org.opencontainers.image.url="https://example.com/my app"
LABEL org.opencontainers.image.documentation="https://"
LABEL org.opencontainers.image.source="not a url"
# case-settings: label-schema=org.opencontainers.image.source:url,org.opencontainers.image.url:url,org.opencontainers.image.documentation:url
# expect: DF3052@2 DF3052@3 DF3052@4 DF3052@5
