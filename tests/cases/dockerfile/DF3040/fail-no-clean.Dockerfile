FROM registry.access.redhat.com/ubi9/ubi-minimal:9.3
RUN microdnf install -y shadow-utils-4.9-8.el9
FROM fedora:39
RUN dnf install -y \
      python3-3.12.1-2.fc39 \
 && dnf clean metadata
# expect: DF3040@2 DF3040@4-6
