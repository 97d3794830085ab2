FROM debian:12-slim
# The update runs after the only install, so nothing uses it.
RUN apt-get install -y --no-install-recommends ca-certificates=20230311 && apt-get update
# expect: DF5011@3
