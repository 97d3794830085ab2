# syntax=docker/dockerfile:1.7
ARG PY=3.12
FROM python:${PY}-slim AS base
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1
WORKDIR /app
COPY <<'EOT' /app/run.sh
#!/bin/sh
exec python -m app
EOT
RUN <<EOT
set -eu
pip install --no-cache-dir flask==3.0.3
EOT
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
HEALTHCHECK --interval=30s CMD ["python", "-c", "print(1)"]
USER 10001
CMD ["/app/run.sh"]
# expect: none
