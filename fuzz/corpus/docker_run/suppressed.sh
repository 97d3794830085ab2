#!/bin/bash
# expect: WL1008@9
# moat:ignore=WL1008 the exporter reads host interfaces
docker run -d \
  --network host \
  prom/node-exporter
# moat:ignore=host-network
docker run --net=host a
docker run --net=host b
