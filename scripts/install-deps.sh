#!/usr/bin/env bash
# Installs the Debian packages moat needs to build and test. As root it runs
# apt-get; otherwise it prints the exact command to run.
set -euo pipefail

# build: compiler, CMake, pkg-config and the libraries moat links (YAML,
#        JSON, tar, digests, gzip/zstd, ISA-L for fast gunzip, Vectorscan and
#        PCRE2 for secrets, libgit2 for git history, loaded at run time)
# test: cmocka (unit tests), python3-jsonschema (report schema checks),
#       debootstrap, umoci and skopeo (a real Debian test image)
# fuzz: clang with its libFuzzer runtime
pkgs=(gcc make cmake pkg-config libfyaml-dev libjansson-dev
      libarchive-dev libssl-dev zlib1g-dev libzstd-dev libisal-dev libsqlite3-dev
      liblzma-dev libbz2-dev nettle-dev libvectorscan-dev libpcre2-dev libgit2-dev
      libcmocka-dev python3 python3-jsonschema debootstrap umoci skopeo
      clang libclang-rt-dev
      libcurl4-openssl-dev openssl)  # curl.h + libcurl.so.4 (dlopen'ed), openssl CLI for test certs

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all packages present"
  exit 0
fi

cmd="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages: ${missing[*]}" >&2
  echo "install-deps: run as root:  apt-get update && $cmd" >&2
  exit 1
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends "${missing[@]}"
