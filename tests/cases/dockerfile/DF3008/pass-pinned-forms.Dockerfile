FROM debian:12.5-slim
ARG CURL_VERSION=7.88.1-10+deb12u5
# name=version, name=version with wildcard, name/release, local .deb files,
# values of -t / -o are not packages, variables are not judged.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      -t bookworm-backports \
      -o Dpkg::Options::=--force-confold \
      "curl=${CURL_VERSION}" \
      git=1:2.39.* \
      golang-go/bookworm-backports \
      ./vendor/libfoo_1.2_amd64.deb \
      /tmp/bar.deb \
      $EXTRA_PACKAGES \
 && rm -rf /var/lib/apt/lists/*
# expect: none
