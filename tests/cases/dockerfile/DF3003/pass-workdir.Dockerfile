FROM golang:1.22-bookworm
WORKDIR /src
COPY . .
RUN go build -o /bin/app ./cmd/app
RUN make -C web assets && git -C /src log -1
RUN echo "cd /src" >> /root/.bashrc
# expect: none
