ARG ALPINE=alpine:3.20
FROM golang:1.22 AS build
FROM ${ALPINE} AS certs
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /go/bin/app /app
# expect: DF5010@2 DF5010@3 DF5010@4
