FROM debian:12
RUN apt-get -o Acquire::Retries=3 -q -y install --no-install-recommends make=4.3-4.1 patch
# expect: DF3008@2
