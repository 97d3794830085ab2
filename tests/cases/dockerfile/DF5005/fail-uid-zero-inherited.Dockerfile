FROM python:3.12-slim AS base
USER 0:0

FROM base AS app
RUN pip install --no-cache-dir flask==3.0.3

FROM app
CMD ["flask", "run"]
# expect: DF5005@2
