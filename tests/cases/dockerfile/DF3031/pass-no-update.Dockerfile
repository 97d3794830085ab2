# case-settings: enable=DF3031
FROM centos:7
RUN yum install -y yum-utils-1.1.31-54.el7_8 && yum clean all
RUN dnf update -y
# expect: none
