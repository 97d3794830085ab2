FROM debian:12-slim AS toolchain
RUN apt-get update \
 && apt-get install -y --no-install-recommends clang-15=1:15.0.6-4+b1 ninja-build=1.11.1-1 \
 && rm -rf /var/lib/apt/lists/*

FROM toolchain AS build
COPY . /src
RUN ninja -C /src/out

# Built on build, which is built on toolchain: clang and ninja are in here.
FROM build
USER 10001
CMD ["/src/out/app"]
# expect: DF5012@2-4
