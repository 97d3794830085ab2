FROM opensuse/leap:15.5
# openSUSE versions tool packages without a dash: gcc12, go1.21.
RUN zypper -n in gcc12 go1.21 git=2.35.3-150300.10.33.1 && zypper clean
USER 10001
# expect: DF5012@3
