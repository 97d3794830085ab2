FROM ubuntu:22.04
USER root
RUN apt-get update \
 && apt-get install -y --no-install-recommends sudo=1.9.9-1ubuntu2.4 \
 && rm -rf /var/lib/apt/lists/* \
 && echo "app ALL=(ALL) NOPASSWD: ALL" > /etc/sudoers.d/app \
 && chmod 0440 /etc/sudoers.d/app
USER app
# expect: none
