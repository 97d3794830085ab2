FROM debian:12-slim AS base
USER app

FROM base
USER root
RUN apt-get update
# expect: none
