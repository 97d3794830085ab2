FROM ubuntu:22.04
RUN sudo apt-get update \
 && sudo apt-get install -y --no-install-recommends curl=7.81.0-1ubuntu1.15 \
 && sudo rm -rf /var/lib/apt/lists/*
RUN sudo -u app -H /opt/app/bin/setup
RUN env PATH=/opt/bin:$PATH sudo make install
RUN sh -c "sudo chown -R app /srv"
RUN ["/usr/bin/sudo", "ldconfig"]
# expect: DF3004@2-4 DF3004@5 DF3004@6 DF3004@7 DF3004@8
