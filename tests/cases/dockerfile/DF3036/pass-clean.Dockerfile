# syntax=docker/dockerfile:1
FROM opensuse/leap:15.5
RUN zypper -n install curl=8.0.1-150400.5.41.1 && zypper clean
RUN zypper -n in tar=1.34-150000.3.34.1 && zypper cc -a
RUN zypper -n install jq=1.6-3.3.1 && zypper -n clean --all
RUN zypper -n in git=2.35.3-150300.10.33.1 && rm -rf /var/cache/zypp/*
RUN --mount=type=cache,target=/var/cache/zypp zypper -n in gzip=1.12-150400.3.3.1
# expect: none
