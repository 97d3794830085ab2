FROM opensuse/tumbleweed
RUN zypper -n dist-upgrade && zypper clean
RUN zypper --non-interactive dup --no-recommends
# expect: DF3035@2 DF3035@3
