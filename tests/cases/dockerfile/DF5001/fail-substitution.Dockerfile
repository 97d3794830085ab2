FROM ubuntu:22.04
RUN bash -c "$(curl -fsSL https://raw.githubusercontent.com/ohmyzsh/ohmyzsh/master/tools/install.sh)"
RUN sh -c "$( wget -qO- https://example.com/install.sh )"
RUN eval "$(curl -fsSL https://example.com/env.sh)"
# expect: DF5001@2 DF5001@3 DF5001@4
