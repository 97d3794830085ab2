FROM golang:1.22-bookworm AS build
WORKDIR /src
COPY . .
RUN go install github.com/go-delve/delve/cmd/dlv@v1.22.1
RUN go install -ldflags "-s -w" golang.org/x/tools/gopls@v0.15.1
RUN go install ./cmd/...
RUN go get ./... && go mod download
RUN go run ./tools/gen.go -out internal/gen.go
RUN go run main.go example.com/not-a-module
RUN go run github.com/a-h/templ/cmd/templ@v0.2.543 generate
RUN go install cmd/vet
RUN go install "${TOOL}@${VERSION}"
# expect: none
