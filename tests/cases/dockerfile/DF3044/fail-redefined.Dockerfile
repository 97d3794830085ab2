FROM debian:12-slim
ENV HOME=/root
ARG VERSION=1.0
# USERDIR gets /root/data and LABEL_VERSION gets 1.0: the new values are not
# visible yet inside the same ENV.
ENV HOME=/home/app USERDIR=$HOME/data
ENV VERSION=2.0 LABEL_VERSION="v${VERSION}"
# expect: DF3044@6 DF3044@7
