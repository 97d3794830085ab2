FROM python:3.12-slim
ENV APP_DIR=srv/app
WORKDIR $APP_DIR
COPY . .
# expect: DF3000@3
