FROM opensuse/leap:15.5
RUN zypper -n install \
      curl \
      'tar>=1.34' \
      python311-pip \
 && zypper clean
RUN zypper -n in -t pattern devel_basis && zypper clean
# expect: DF3037@2-6 DF3037@7
