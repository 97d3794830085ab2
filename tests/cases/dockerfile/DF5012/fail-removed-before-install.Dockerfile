FROM debian:12-slim
# Removing before installing does not help.
RUN apt-get remove -y gcc; apt-get update && apt-get install -y --no-install-recommends gcc=4:12.2.0-3 && rm -rf /var/lib/apt/lists/*
# expect: DF5012@3
