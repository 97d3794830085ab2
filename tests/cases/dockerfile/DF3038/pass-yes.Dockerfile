FROM fedora:39
RUN dnf install -y nginx-1.24.0-1.fc39 && dnf clean all
RUN dnf -y install --setopt=tsflags=nodocs git-2.43.0-1.fc39 && dnf clean all
RUN microdnf install --assumeyes shadow-utils-4.14.0-2.fc39 && microdnf clean all
RUN dnf5 install -y make-4.4.1-2.fc39 && dnf5 clean all
RUN dnf module install -y nodejs:18 && dnf clean all
RUN dnf repolist && dnf info bash
# expect: none
