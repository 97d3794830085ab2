FROM golang:1.22 AS build
USER 1000
RUN go build -o /out/app .

FROM debian:12-slim
COPY --from=build /out/app /usr/local/bin/app
CMD ["app"]
# expect: DF5005@5
