FROM python:3.12-slim
RUN /opt/venv/bin/pip install --no-cache-dir --index-url https://pypi.org/simple uvicorn
RUN sh -c "python -m pip install --no-cache-dir celery"
RUN PIP_NO_CACHE_DIR=1 pip install redis
# expect: DF3013@2 DF3013@3 DF3013@4
