COPY packaged-app.tar /usr/src/app/
RUN tar -xf /usr/src/app/packaged-app.tar
FROM debian:12-slim
# expect: DF3010@1
