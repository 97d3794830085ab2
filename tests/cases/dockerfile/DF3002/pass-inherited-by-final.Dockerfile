FROM debian:12-slim AS base
RUN useradd -r app
USER root

FROM base
RUN echo inherits root from base
# expect: DF5005@3
