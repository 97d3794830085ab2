FROM ubuntu:22.04
WORKDIR srv
RUN --security=insecure <<EOF
set -e
make install
# expect: DF3000@2 DF1000@3-6 DF5009@3-6
