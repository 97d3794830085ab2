FROM registry.access.redhat.com/ubi9/ubi:9.3
# dnf remove gcc removes the pinned gcc-11.4.1-2.1.el9 as well.
RUN dnf install -y gcc-11.4.1-2.1.el9 make-4.3-7.el9 python3-devel-3.9.18-1.el9 \
 && pip3 install --no-cache-dir psutil==5.9.8 \
 && dnf remove -y gcc make \
 && dnf clean all
USER 1001
# expect: none
