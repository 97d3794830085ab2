FROM opensuse/leap:15.5
RUN zypper clean -a && zypper -n in curl=8.0.1-150400.5.41.1
# expect: DF3036@2
