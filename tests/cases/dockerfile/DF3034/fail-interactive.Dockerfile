FROM opensuse/leap:15.5
RUN zypper install curl=8.0.1-150400.5.41.1 && zypper clean
RUN zypper in -n curl=8.0.1-150400.5.41.1 && zypper clean
RUN zypper remove vim
RUN zypper --quiet patch
# expect: DF3034@2 DF3034@3 DF3034@4 DF3034@5
