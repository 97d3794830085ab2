FROM opensuse/leap:15.5
RUN zypper -n install \
      --from repo-oss \
      curl=8.0.1-150400.5.41.1 \
      'tar>=1.34' \
      'gzip<2' \
      /tmp/tool-1.0-1.x86_64.rpm \
 && zypper clean
RUN zypper -n remove vim && zypper clean
# expect: none
