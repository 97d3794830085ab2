FROM fedora:39
RUN dnf install nginx-1.24.0-1.fc39 && dnf clean all
RUN microdnf install shadow-utils-4.14.0-2.fc39 && microdnf clean all
RUN dnf --setopt=install_weak_deps=False --nobest install procps-ng-4.0.3-5.fc39 && dnf clean all
RUN dnf module install nodejs:18 && dnf clean all
# expect: DF3038@2 DF3038@3 DF3038@4 DF3038@5
