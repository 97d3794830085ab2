FROM debian:12-slim
RUN apt-get update && apt-get install -y curl
RUN useradd -r app
WORKDIR /app
RUN make build
RUN --mount=type=secret,id=npm npm ci
RUN --mount=type=secret,id=pip pip install -r requirements.txt
RUN make test; make lint
RUN echo a | tee /tmp/a
RUN echo b > /tmp/b && echo c > /tmp/c
RUN <<EOF
echo heredoc
EOF
RUN echo after-heredoc
# expect: none
