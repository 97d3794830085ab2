FROM openjdk:21-slim
ENV JAVA_HOME=/opt/java \
    PATH=$JAVA_HOME/bin:$PATH
ENV APP=/srv/app CONF="${APP}/conf"
ENV LOG_DIR=/var/log LOGS=${LOG_DIR:-/tmp}/app
# expect: DF3044@2-3 DF3044@4 DF3044@5
