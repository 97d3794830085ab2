FROM opensuse/leap:15.5
RUN zypper -n update && zypper clean
RUN zypper -n install dup-tool=1.0 && zypper clean
# expect: none
