# case-settings: enable=DF3031
FROM centos:7
RUN yum update -y && yum clean all
RUN yum -y upgrade && yum clean all
# expect: DF3031@3 DF3031@4
