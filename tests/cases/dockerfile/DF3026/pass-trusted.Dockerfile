ARG BASE
FROM debian:12-slim AS deb
FROM bitnami/redis:7.2 AS redis
FROM docker.io/library/alpine:3.20 AS alp
FROM index.docker.io/library/busybox:1.36 AS bb
FROM eu.gcr.io/acme-prod/runtime:3.1 AS runtime
FROM scratch AS empty
FROM ${BASE} AS dynamic
FROM runtime
# case-settings: trusted-registries=docker.io,*.gcr.io
# expect: none
