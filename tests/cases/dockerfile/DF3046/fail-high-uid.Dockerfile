FROM debian:12-slim
RUN groupadd -g 1000000 app && useradd -u 1000000 -g app -m -s /usr/sbin/nologin app
RUN useradd --uid=2000000 worker
RUN useradd -u123456 -r svc
# expect: DF3046@2 DF3046@3 DF3046@4
