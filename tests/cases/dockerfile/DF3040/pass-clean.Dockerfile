# syntax=docker/dockerfile:1
FROM fedora:39
RUN dnf install -y nginx-1.24.0-1.fc39 && dnf clean all
RUN microdnf install -y shadow-utils-4.14.0-2.fc39 && microdnf clean all
RUN dnf install -y git-2.43.0-1.fc39 && rm -rf /var/cache/dnf
RUN --mount=type=cache,target=/var/cache/dnf dnf install -y make-4.4.1-2.fc39
RUN --mount=type=cache,target=/var/cache dnf install -y gcc-13.2.1-6.fc39
# expect: none
