FROM golang:1.22 AS build
CMD ["go", "test", "./..."]

FROM gcr.io/distroless/static-debian12:nonroot
ONBUILD CMD ["/other"]
CMD ["/app"]
# expect: none
