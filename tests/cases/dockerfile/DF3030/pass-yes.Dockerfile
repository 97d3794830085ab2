FROM centos:7
RUN yum install -y httpd-2.4.6-99.el7.centos.1 && yum clean all
RUN yum -y groupinstall "Development Tools" && yum clean all
RUN yum install --assumeyes mod_ssl-2.4.6-99.el7.centos.1 && yum clean all
RUN yum -q -y localinstall /tmp/pkg-1.0-1.noarch.rpm && yum clean all
RUN yes | yum install nginx-1.20.1-10.el7 && yum clean all
# Not an install: does not prompt.
RUN yum list installed && yum info bash
# dnf is DF3038's business.
RUN dnf install nginx-1.20.1-10.el7 && dnf clean all
# expect: none
