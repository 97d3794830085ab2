# case-settings: enable=DF3039
FROM fedora:39
RUN dnf install -y nginx-1.24.0-1.fc39 && dnf clean all
RUN dnf check-update || true
RUN yum update -y
# expect: none
