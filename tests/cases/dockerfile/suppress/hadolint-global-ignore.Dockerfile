FROM debian
RUN true
# hadolint global ignore=DL3006,DF5010
FROM ubuntu
USER 1000
# expect-all
# expect: none
