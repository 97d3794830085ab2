FROM ubuntu:22.04
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN bash <(curl -fsSL https://example.com/install.sh)
RUN source <(wget -qO- https://example.com/env.sh) && make
RUN /bin/bash -x <(curl -s https://example.com/i.sh) --prefix /opt
# expect: DF5001@3 DF5001@4 DF5001@5
