FROM centos:7
RUN yum install -y \
      httpd-2.4.6-99.el7.centos.1 \
      tzdata-2023c \
      java-11-openjdk-11.0.20.0.8-1.el7_9 \
      gcc-c++-4.8.5-44.el7 \
      curl-7.29.0-59.el7_9.1.x86_64 \
      https://example.com/pkgs/tool-1.2-1.el7.noarch.rpm \
      /tmp/local.rpm \
      @development \
 && yum clean all
RUN yum module install -y nodejs:18/common && yum clean all
RUN yum install -y "$PKG" && yum clean all
# expect: none
