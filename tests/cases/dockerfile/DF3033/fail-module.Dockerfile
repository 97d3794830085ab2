FROM centos:8
RUN yum module install -y nodejs && yum clean all
# expect: DF3033@2
