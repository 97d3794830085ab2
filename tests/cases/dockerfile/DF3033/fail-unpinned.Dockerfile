FROM centos:7
RUN yum install -y \
      httpd \
      tzdata-2023c \
      java-11-openjdk \
      python3-devel \
 && yum clean all
# expect: DF3033@2-7
