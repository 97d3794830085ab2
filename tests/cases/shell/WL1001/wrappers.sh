#!/usr/bin/env bash
# Wrappers, substitutions, sh -c bodies and compound commands.
# expect: WL1001@9 WL1001@10 WL1001@11 WL1001@12 WL1001@13 WL1001@15 WL1001@19 WL1001@21 WL1001@23 WL1001@25

start() {
  local image=$1
  echo "starting $image"
}
sudo docker run --privileged alpine
sudo -u root -E docker run --privileged alpine
env DOCKER_HOST=unix:///run/docker.sock docker run --privileged alpine
id=$(docker run -d --privileged alpine sleep 60)
nohup docker run --privileged alpine >/dev/null 2>&1 &
if [ -n "$CI" ]; then
  exec docker run --privileged alpine
fi
for i in 1 2; do
  echo "$i"
  time docker run --rm --privileged alpine true
done
bash -c "docker run --privileged alpine"
case "$1" in
  dev) docker run --privileged alpine ;;
esac
echo ok && docker run --privileged alpine | tee log
