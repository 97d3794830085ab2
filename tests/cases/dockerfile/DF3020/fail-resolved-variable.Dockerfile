FROM debian:12-slim
ARG CONFIG=settings.ini
ADD ${CONFIG} /etc/app/settings.ini
# expect: DF3020@3
