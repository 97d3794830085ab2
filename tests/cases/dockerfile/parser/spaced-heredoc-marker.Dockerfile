# BuildKit needs the heredoc word right after <<: with a space the body
# lines are read as instructions, as `docker build` does.
FROM alpine:3.19
RUN cat << CONF > /etc/app.conf
key=value
CONF
WORKDIR /srv
# expect: DF1000@5 DF1000@6
