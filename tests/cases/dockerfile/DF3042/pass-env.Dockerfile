FROM python:3.12-slim AS base
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN pip install flask==3.0.2

# ENV is inherited by a stage built on this one.
FROM base AS app
RUN pip install gunicorn==21.2.0

FROM python:3.12-slim
ARG PIP_NO_CACHE_DIR=yes
RUN pip install uvicorn==0.27.1
# expect: none
