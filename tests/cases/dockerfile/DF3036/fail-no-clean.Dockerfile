FROM opensuse/leap:15.5
RUN zypper --non-interactive install \
      curl=8.0.1-150400.5.41.1 \
      tar=1.34-150000.3.34.1
RUN zypper -n clean
# expect: DF3036@2-4
