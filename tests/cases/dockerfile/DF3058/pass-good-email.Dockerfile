FROM alpine:3.20
ARG OWNER
LABEL maintainer="jane.doe+docker@example.co.uk"
LABEL maintainer=ops@sub.example.com
LABEL maintainer="${OWNER}"
LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"
# case-settings: label-schema=maintainer:email
# expect: none
