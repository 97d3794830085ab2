FROM centos:7
RUN yum install -y \
      httpd-2.4.6-99.el7.centos.1 \
      mod_ssl-2.4.6-99.el7.centos.1
# Cleaning in a later RUN does not shrink the earlier layer.
RUN yum clean all
RUN yum install -y git-1.8.3.1-25.el7_9 && yum clean packages
# expect: DF3032@2-4 DF3032@7
