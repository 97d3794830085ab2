FROM golang:1.22-bookworm
RUN go install github.com/go-delve/delve/cmd/dlv@latest
RUN go install golang.org/x/tools/gopls
RUN go get -u github.com/spf13/cobra
RUN go run github.com/swaggo/swag/cmd/swag@master init
# expect: DF3062@2 DF3062@3 DF3062@4 DF3062@5
