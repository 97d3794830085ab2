ARG TOOLS_IMAGE=ghcr.io/acme/tools:1.0
FROM golang:1.22 AS Build
RUN go build -o /out/app ./...

FROM alpine:3.20 AS certs
RUN apk add --no-cache ca-certificates

FROM scratch
COPY --from=build /out/app /app
COPY --from=BUILD /out/app /app2
COPY --from=0 /out/app /app3
COPY --from=certs /etc/ssl/certs/ /etc/ssl/certs/
COPY --from=nginx:1.27 /etc/nginx/nginx.conf /etc/nginx/
COPY --from=docker.io/library/busybox /bin/busybox /bin/
COPY --from=busybox@sha256:4c0fdaa8b6341bfdeca5f18f7837462c80cff90527ee35ef185571e1c327beac /bin/sh /bin/
COPY --from=${TOOLS_IMAGE} /usr/bin/tool /usr/bin/
# expect: none
