FROM alpine:3.20
LABEL org.opencontainers.image.created="2024-06-01"
LABEL org.opencontainers.image.created="2024-06-01 10:00:00"
LABEL org.opencontainers.image.created="2024-13-01T10:00:00Z"
LABEL org.opencontainers.image.created="2024-02-30T10:00:00Z"
LABEL org.opencontainers.image.created="yesterday"
# case-settings: label-schema=org.opencontainers.image.created:rfc3339
# expect: DF3053@2 DF3053@3 DF3053@4 DF3053@5 DF3053@6
