FROM debian:12-slim AS base
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential=12.9 \
 && rm -rf /var/lib/apt/lists/*

# The final stage removes what its base installed.
FROM base
RUN apt-get purge -y --auto-remove build-essential
# expect: none
