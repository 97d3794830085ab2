FROM quay.io/prometheus/node-exporter:v1.8.1 AS exporter
FROM ghcr.io/acme/base:2.0 AS base
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=exporter /bin/node_exporter /bin/
# case-settings: trusted-registries=docker.io,*.gcr.io
# expect: DF3026@1 DF3026@2 DF3026@3
