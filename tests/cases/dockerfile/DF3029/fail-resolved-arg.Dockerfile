ARG ARCH_PLATFORM=linux/amd64
FROM --platform=${ARCH_PLATFORM} debian:12-slim
# expect: DF3029@2
