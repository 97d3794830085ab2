# syntax=docker/dockerfile:1
FROM debian:12-slim
# Caching only the downloaded archives leaves the lists in the layer; so does
# a bind mount, which is not a cache.
RUN --mount=type=cache,target=/var/cache/apt \
    apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5
RUN --mount=type=bind,target=/var/lib/apt/lists \
    apt-get update && apt-get install -y --no-install-recommends jq=1.6-2.1
# expect: DF3009@5-6 DF3009@7-8
