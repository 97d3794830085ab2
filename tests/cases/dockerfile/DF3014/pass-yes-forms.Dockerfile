FROM ubuntu:22.04
RUN apt-get install -y --no-install-recommends curl=7.81.0-1ubuntu1.15
RUN apt-get install --yes --no-install-recommends curl=7.81.0-1ubuntu1.15
RUN apt-get install --assume-yes --no-install-recommends curl=7.81.0-1ubuntu1.15
RUN apt-get -yq install --no-install-recommends curl=7.81.0-1ubuntu1.15
RUN apt-get install -qy --no-install-recommends curl=7.81.0-1ubuntu1.15
# quiet level 2 implies -y
RUN apt-get -qq install --no-install-recommends curl=7.81.0-1ubuntu1.15
RUN apt-get -q -q install --no-install-recommends curl=7.81.0-1ubuntu1.15
RUN apt-get -q=2 install --no-install-recommends curl=7.81.0-1ubuntu1.15
RUN apt-get --quiet --quiet install --no-install-recommends curl=7.81.0-1ubuntu1.15
RUN apt-get -o APT::Get::Assume-Yes=true install --no-install-recommends curl=7.81.0-1ubuntu1.15
# expect: none
