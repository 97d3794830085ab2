# syntax=docker/dockerfile:1
FROM centos:7
RUN yum install -y httpd-2.4.6-99.el7.centos.1 && yum clean all
RUN yum install -y git-1.8.3.1-25.el7_9 && rm -rf /var/cache/yum
RUN --mount=type=cache,target=/var/cache/yum yum install -y make-3.82-24.el7
RUN yum install -y tar-1.26-35.el7 \
 && yum clean all \
 && rm -rf /var/cache/yum/*
# expect: none
