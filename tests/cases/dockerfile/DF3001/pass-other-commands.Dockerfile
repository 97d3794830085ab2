FROM debian:12-slim
# Only the commands themselves count, not their names as arguments or
# similar tools.
RUN echo "run ps or top to inspect" > /README \
 && apt-get update \
 && apt-get install -y --no-install-recommends procps=2:4.0.2-3 openssh-client=1:9.2p1-2+deb12u2 vim-tiny=2:9.0.1378-2 \
 && rm -rf /var/lib/apt/lists/* \
 && ssh-keygen -A \
 && pkill -0 init || true \
 && killall5 -0 || true
# expect: none
