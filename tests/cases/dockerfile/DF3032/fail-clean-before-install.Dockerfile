FROM centos:7
RUN yum clean all && yum install -y httpd-2.4.6-99.el7.centos.1
RUN yum install -y git-1.8.3.1-25.el7_9 && yum clean all && yum install -y tar-1.26-35.el7
# expect: DF3032@2 DF3032@3
