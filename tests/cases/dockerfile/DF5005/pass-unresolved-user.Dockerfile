FROM debian:12-slim
ARG APP_UID
USER ${APP_UID}
# expect: none
