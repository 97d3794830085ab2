#!/bin/sh
# Privileged containers in the usual spellings.
# expect: WL1001@6 WL1001@7 WL1001@8 WL1001@9 WL1001@10 WL1001@11 WL1001@12
set -eu

docker run --privileged alpine true
docker run -it --rm --privileged=true alpine sh
docker container run --name dind -d --privileged docker:dind
podman run --privileged --rm quay.io/podman/stable podman info
docker create --privileged=1 busybox
docker --context prod run --privileged nginx:1.25
podman --remote run --privileged registry.example.com:5000/app:1.0
