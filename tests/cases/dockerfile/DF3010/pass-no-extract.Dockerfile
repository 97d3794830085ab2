FROM debian:12-slim AS build
COPY packaged-app.tar.gz /tmp/
RUN sha256sum /tmp/packaged-app.tar.gz

FROM debian:12-slim
RUN tar -xzf /tmp/packaged-app.tar.gz
COPY --from=build /tmp/packaged-app.tar.gz /opt/
RUN tar -xzf /opt/packaged-app.tar.gz
COPY data.json.gz /srv/
RUN gunzip /srv/data.json.gz
COPY myapp.tar /srv/
RUN tar -xf /srv/app.tar
# expect: none
