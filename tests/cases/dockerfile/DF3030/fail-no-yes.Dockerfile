FROM centos:7
RUN yum install httpd-2.4.6-99.el7.centos.1 && yum clean all
RUN yum groupinstall "Development Tools" && yum clean all
RUN yum --enablerepo=extras localinstall /tmp/pkg-1.0-1.noarch.rpm && yum clean all
# expect: DF3030@2 DF3030@3 DF3030@4
