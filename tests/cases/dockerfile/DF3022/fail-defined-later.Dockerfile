FROM scratch
COPY --from=build /out/app /app
FROM golang:1.22 AS build
RUN go build -o /out/app ./...
# expect: DF3022@2
