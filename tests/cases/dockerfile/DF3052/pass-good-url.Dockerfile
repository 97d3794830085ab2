FROM alpine:3.20
ARG REPO_URL
ENV HOMEPAGE=https://example.com
LABEL org.opencontainers.image.source="https://github.com/acme/app.git"
LABEL org.opencontainers.image.url="${HOMEPAGE}/products?id=7#top"
LABEL org.opencontainers.image.documentation="git+ssh://git@example.com/acme/docs"
LABEL org.opencontainers.image.source="${REPO_URL}" org.opencontainers.image.url=""
LABEL homepage="not checked: not in the schema"
# case-settings: label-schema=org.opencontainers.image.source:url,org.opencontainers.image.url:url,org.opencontainers.image.documentation:url
# expect: none
