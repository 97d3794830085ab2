#!/bin/bash
# moat:ignore on the line before a command covers every line of it.
# expect: WL1001@14

# moat:ignore=WL1001 the CI runner needs nested containers
docker run -d \
  --name dind \
  --privileged \
  docker:27-dind

# moat:ignore=privileged-container,WL1008 same, by alias
docker run --privileged --network host docker:27-dind
# the next one is not covered (the pragma is two commands up)
docker run --privileged alpine true
