FROM fedora:39
RUN dnf install -y \
      --setopt install_weak_deps=False \
      --exclude kernel-core \
      nginx-1:1.24.0-1.fc39 \
      python3.12-3.12.1-2.fc39 \
      'dnf-command(config-manager)' \
      /usr/bin/cmake \
      "make >= 4.3" \
 && dnf clean all
RUN dnf module install -y nodejs:18 postgresql:15/server && dnf clean all
# expect: none
