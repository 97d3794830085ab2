FROM debian:12-slim
RUN useradd -u 10001 -m app
RUN useradd -l -u 1000000 -m big
RUN useradd --no-log-init --uid 2000000 worker
RUN useradd -lu 3000000 svc
RUN useradd -r -l -u 123456 batch
RUN useradd -u "$APP_UID" dyn
RUN adduser --uid 1000001 --disabled-password other
# expect: none
