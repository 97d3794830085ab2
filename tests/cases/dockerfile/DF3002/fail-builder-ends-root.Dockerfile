FROM golang:1.22-bookworm AS build
USER nobody
WORKDIR /src
USER root
RUN go build -o /out/app ./cmd/app

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/app /app
USER 65532
ENTRYPOINT ["/app"]
# expect: DF3002@4
