ARG BASE
FROM golang:1.22@sha256:4c0fdaa8b6341bfdeca5f18f7837462c80cff90527ee35ef185571e1c327beac AS build
FROM gcr.io/distroless/static-debian12@sha256:5c7e1a3f7b7b0c2d59d04e3b6a2c9e7d1f5a0b8c3d6e9f2a4b7c0d3e6f9a2b5c AS runtime
FROM scratch AS empty
FROM ${BASE} AS dynamic
FROM runtime
# expect: none
