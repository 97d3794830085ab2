ARG GO=1.22
FROM golang:${GO} AS Build
RUN go build -o /out ./...
FROM build AS test
RUN go test ./...
FROM gcr.io/distroless/static AS final
COPY --from=BUILD /out /app
USER nonroot
ENTRYPOINT ["/app"]
