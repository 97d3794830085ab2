FROM golang:1.22-bookworm
COPY . /src
RUN cd /src && go build -o /bin/app ./cmd/app
RUN cd /src/web \
 && npm ci \
 && cd .. \
 && make assets
RUN bash -c "cd /tmp && tar xzf release.tgz"
RUN test -d /opt/x && (cd /opt/x && ./configure)
# expect: DF3003@3 DF3003@4-7 DF3003@8 DF3003@9
