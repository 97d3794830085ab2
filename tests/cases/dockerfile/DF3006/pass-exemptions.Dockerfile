ARG GO_IMAGE
ARG RUNTIME=alpine:3.20
FROM golang@sha256:0b8f6b8e5e8c0ac3a9c3e7d3f0f7b1e8a1c3b0f4d2a6e9c8b7a6f5e4d3c2b1a0 AS build
FROM scratch AS empty
FROM ${GO_IMAGE} AS other
FROM $RUNTIME AS runtime
FROM Build AS again
FROM runtime
# expect: none
