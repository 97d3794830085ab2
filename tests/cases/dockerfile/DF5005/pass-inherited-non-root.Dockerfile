FROM debian:12-slim AS base
RUN useradd -r -u 10001 app
USER 10001

FROM base
COPY app /usr/local/bin/app
CMD ["app"]
# expect: none
