FROM python:3.12-slim AS base
HEALTHCHECK CMD ["python", "-c", "import sys; sys.exit(0)"]

FROM base AS api
HEALTHCHECK --interval=30s CMD ["curl", "-fsS", "http://localhost:8000/health"]
ONBUILD HEALTHCHECK NONE
# expect: none
