ARG PLATFORM
FROM --platform=$BUILDPLATFORM golang:1.22 AS build
ARG TARGETOS TARGETARCH
RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .

FROM --platform=${TARGETPLATFORM} gcr.io/distroless/static-debian12 AS runtime
FROM --platform=$TARGETOS/$TARGETARCH alpine:3.20 AS alt
FROM --platform=${PLATFORM} alpine:3.20 AS configurable
FROM alpine:3.20
COPY --from=build /out/app /app
# expect: none
