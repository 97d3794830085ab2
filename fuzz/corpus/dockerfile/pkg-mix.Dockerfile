FROM fedora
RUN dnf install -y x && dnf clean all
RUN yum update && yum install y
RUN zypper -n in pkg && zypper clean
RUN pip install --no-cache-dir flask==3.0 && npm install -g yarn@1 && gem install rails -v 7
RUN go install example.com/tool@latest && apk add --virtual .deps gcc
