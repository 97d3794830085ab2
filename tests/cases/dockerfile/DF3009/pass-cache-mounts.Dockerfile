# syntax=docker/dockerfile:1
FROM debian:12-slim
# A cache mount on the lists folder keeps them out of the layer.
RUN --mount=type=cache,target=/var/lib/apt/lists,sharing=locked \
    apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5
# The documented pattern: both apt caches mounted.
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    apt-get update && apt-get install -y --no-install-recommends git=1:2.39.2-1.1
# A tmpfs mount is never committed either.
RUN --mount=type=tmpfs,target=/var/lib/apt/lists \
    apt-get update && apt-get install -y --no-install-recommends jq=1.6-2.1
# expect: none
