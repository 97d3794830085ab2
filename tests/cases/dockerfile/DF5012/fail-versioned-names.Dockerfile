FROM debian:12-slim
# gcc-12 is a package of its own: purging gcc leaves it installed.
RUN apt-get update \
 && apt-get install -y --no-install-recommends gcc-12=12.2.0-14 \
 && apt-get purge -y gcc \
 && rm -rf /var/lib/apt/lists/*
# expect: DF5012@3-6
