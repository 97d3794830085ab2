FROM opensuse/leap:15.5
# Intentional difference from hadolint: update and dist-upgrade prompt too.
RUN zypper update && zypper clean
# expect: DF3034@3
