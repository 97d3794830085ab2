FROM opensuse/leap:15.5
RUN zypper --non-interactive install curl=8.0.1-150400.5.41.1 && zypper clean
RUN zypper -n in git=2.35.3-150300.10.33.1 && zypper clean -a
RUN zypper install -y jq=1.6-3.3.1 && zypper clean
RUN zypper in --no-confirm tar=1.34-150000.3.34.1 && zypper cc
RUN zypper -nq install gzip=1.12-150400.3.3.1 && zypper clean
RUN zypper --non-interactive update && zypper clean
RUN zypper refresh && zypper search nginx
# expect: none
