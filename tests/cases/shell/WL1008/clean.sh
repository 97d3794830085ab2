#!/bin/bash
# Other network modes, unknown values and look-alikes.
# expect: none
docker run --network bridge nginx
docker run --network mynet --net-alias host nginx
docker run --network "$NETWORK" nginx
docker run --network container:web nginx
docker run nginx --network host
docker network create host-like
docker run -h host nginx
# docker run --network host nginx
cat <<'END'
docker run --network host nginx
END
