FROM python:3.12-slim AS base
HEALTHCHECK CMD ["python", "-c", "import sys; sys.exit(0)"]

FROM python:3.12-slim
COPY --from=base /usr/local /usr/local
CMD ["python", "-m", "app"]
# case-settings: enable=DF3057
# expect: DF3057@4
