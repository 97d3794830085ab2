FROM ubuntu:22.04
# sudo, env and sh -c wrappers, command substitution and exec form all run
# apt-get install.
RUN sudo apt-get install -y --no-install-recommends htop
RUN env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends less
RUN sh -c 'apt-get install -y --no-install-recommends jq'
RUN echo "installed: $(apt-get install -y --no-install-recommends unzip)"
RUN ["apt-get", "install", "-y", "--no-install-recommends", "zip"]
RUN ["/bin/bash", "-c", "apt-get install -y --no-install-recommends file"]
# expect: DF3008@4 DF3008@5 DF3008@6 DF3008@7 DF3008@8 DF3008@9
