#!/bin/bash
# Host networking, every spelling.
# expect: WL1008@5 WL1008@6 WL1008@7 WL1008@8 WL1008@12 WL1008@14

docker run --network host nginx
docker run --net=host nginx
podman run --network=host nginx
docker run -d --net host --name proxy traefik:v3.0
docker run \
  -d \
  --restart unless-stopped \
  --network host \
  prom/node-exporter
sudo podman run --rm --network bridge --network host alpine
