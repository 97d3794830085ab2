#!/bin/bash
# A command over several lines: the finding points at the line of the flag.
# expect: WL1001@8 WL1001@15

docker run \
  --rm \
  -v /var/run/docker.sock:/var/run/docker.sock \
  --privileged \
  -e "GREETING=hello world" \
  alpine:3.20 \
  sh -c 'echo "$GREETING"'

podman run -d --name builder \
    --security-opt label=disable \
    --privileged \
    quay.io/buildah/stable sleep infinity
