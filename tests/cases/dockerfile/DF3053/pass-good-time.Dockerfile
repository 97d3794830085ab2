FROM alpine:3.20
ARG BUILD_DATE
LABEL org.opencontainers.image.created="2024-06-01T10:00:00Z"
LABEL org.opencontainers.image.created="2024-06-01T10:00:00.123+02:00"
LABEL org.opencontainers.image.created="2024-02-29t23:59:60-05:30"
LABEL org.opencontainers.image.created="2024-06-01 10:00:00Z"
LABEL org.opencontainers.image.created=$BUILD_DATE
# case-settings: label-schema=org.opencontainers.image.created:rfc3339
# expect: none
