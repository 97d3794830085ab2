#!/bin/sh
# Starts the monitoring agent on a host. moat finds the docker run below and
# judges it with the same rules as a pod spec or a Compose service.
set -eu
docker run -d --name agent \
  --privileged --pid host --network host \
  -v /:/host:ro \
  -e AGENT_TOKEN="${AGENT_TOKEN}" \
  monitoring/agent:3.2
