#!/bin/sh
x=$(podman --remote run -d --userns=host --pid host -p [::1]:8443:443 -p 8000-8002:9000-9002 \
  -u "$(id -u):$(id -g)" --name "$NAME" "${IMAGE:-alpine}" sleep 1)
cat <<<"docker run --privileged here-string"
sudo -u root env A=1 docker create --ipc=host --cap-add=SYS_ADMIN,NET_ADMIN img `docker run --privileged y`
