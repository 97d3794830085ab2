FROM fedora:39
RUN dnf clean all && dnf install -y nginx-1.24.0-1.fc39
# expect: DF3040@2
