FROM python:3.12-slim AS base
ENV PIP_NO_CACHE_DIR=1
RUN pip install flask==3.0.2

# A new stage from an image does not see ENV of another stage.
FROM python:3.12-slim
RUN pip install gunicorn==21.2.0
# A false value keeps the cache.
ENV PIP_NO_CACHE_DIR=0
RUN pip install uvicorn==0.27.1
# An assignment after pip does not affect it.
RUN pip install celery==5.3.6 && export PIP_NO_CACHE_DIR=1
# expect: DF3042@7 DF3042@10 DF3042@12
