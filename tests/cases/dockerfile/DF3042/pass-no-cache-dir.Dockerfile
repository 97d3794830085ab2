# syntax=docker/dockerfile:1
FROM python:3.12-slim
RUN pip install --no-cache-dir flask==3.0.2
RUN pip --no-cache-dir install gunicorn==21.2.0
RUN PIP_NO_CACHE_DIR=1 pip install requests==2.31.0
RUN env PIP_NO_CACHE_DIR=true pip install httpx==0.27.0
RUN export PIP_NO_CACHE_DIR=on && pip install uvicorn==0.27.1
RUN --mount=type=cache,target=/root/.cache/pip pip install celery==5.3.6
RUN --mount=type=cache,target=/home/app/.cache,uid=1000 pip install redis==5.0.1
# expect: none
