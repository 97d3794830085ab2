# syntax=docker/dockerfile:1
FROM debian:12-slim
# Intentional difference from hadolint: a cache mount on /var/lib/apt
# alone already holds /var/lib/apt/lists.
RUN --mount=type=cache,target=/var/lib/apt \
    apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5
# expect: none
