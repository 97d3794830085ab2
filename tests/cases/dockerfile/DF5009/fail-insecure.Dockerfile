# syntax=docker/dockerfile:1-labs
FROM docker:27-dind
RUN --security=insecure dockerd & sleep 5 && docker info
RUN --mount=type=cache,target=/var/cache/apt \
    --security=insecure apt-get update
# expect: DF5009@3 DF5009@4-5
