FROM debian:12-slim
RUN sh -c 'service ssh restart'
RUN echo "pids: $(ps -e -o pid=)"
RUN ["/usr/sbin/service", "cron", "start"]
# expect: DF3001@2 DF3001@3 DF3001@4
