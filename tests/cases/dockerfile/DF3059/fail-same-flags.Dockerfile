FROM python:3.12-slim
RUN --mount=type=cache,target=/root/.cache/pip --network=none pip install --no-index /wheels/a.whl
RUN --network=none --mount=type=cache,target=/root/.cache/pip pip install --no-index /wheels/b.whl
# expect: DF3059@3
