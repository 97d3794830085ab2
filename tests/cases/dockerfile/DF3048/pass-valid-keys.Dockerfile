FROM alpine:3.20
ARG KEY_PREFIX
LABEL org.opencontainers.image.source="https://github.com/acme/app" \
      org.opencontainers.image.version="1.4.2"
LABEL maintainer="ops@example.com" description="API server"
LABEL com.example.valid-key.label3="x" io.k8s.display-name="app"
LABEL "com.example.quoted"="yes"
LABEL ${KEY_PREFIX}.build="1"
LABEL com.dockerhub.x="not reserved"
# expect: none
