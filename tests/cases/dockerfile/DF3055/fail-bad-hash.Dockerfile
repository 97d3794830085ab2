FROM alpine:3.20
LABEL org.opencontainers.image.revision="a1b2c3d"
LABEL org.opencontainers.image.revision="main"
LABEL org.opencontainers.image.revision="g4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f"
# case-settings: label-schema=org.opencontainers.image.revision:hash
# expect: DF3055@2 DF3055@3 DF3055@4
