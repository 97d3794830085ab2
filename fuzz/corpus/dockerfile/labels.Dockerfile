FROM a
LABEL org.opencontainers.image.source="https://github.com/x/y" \
      org.opencontainers.image.version=1.2.3 \
      org.opencontainers.image.licenses=MIT \
      "com.example.vendor"="ACME Inc"
LABEL maintainer someone@example.com
