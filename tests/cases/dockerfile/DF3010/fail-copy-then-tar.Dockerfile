FROM debian:12-slim
COPY dist/packaged-app.tar.gz /tmp/
RUN tar -xzf /tmp/packaged-app.tar.gz -C /opt \
 && rm /tmp/packaged-app.tar.gz
# expect: DF3010@2
