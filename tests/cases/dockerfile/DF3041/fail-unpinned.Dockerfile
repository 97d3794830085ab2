FROM fedora:39
RUN dnf install -y --nobest nginx git-2.43.0-1.fc39 && dnf clean all
RUN microdnf install -y --nodocs shadow-utils && microdnf clean all
RUN dnf module install -y nodejs && dnf clean all
# expect: DF3041@2 DF3041@3 DF3041@4
