FROM registry.access.redhat.com/ubi9/ubi:9.3 AS base
RUN dnf install -y gcc-c++-11.4.1-2.1.el9 python3-devel && dnf clean all

FROM base
RUN zypper -n in go1.21 automake && zypper clean
# expect: DF5012@2 DF5012@5
