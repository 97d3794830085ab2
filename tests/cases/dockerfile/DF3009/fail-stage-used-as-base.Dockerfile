# The base stage is not final but the final stage builds FROM it, so its
# package lists end up in the image.
FROM debian:12-slim AS base
RUN apt-get update && apt-get install -y --no-install-recommends python3=3.11.2-1+b1

FROM base AS final
COPY app.py /app/app.py
CMD ["python3", "/app/app.py"]
# expect: DF3009@4
