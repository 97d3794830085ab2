# case-settings: enable=DF3039
FROM fedora:39
RUN dnf upgrade -y && dnf clean all
RUN microdnf update -y && microdnf clean all
RUN dnf -y upgrade-minimal --security && dnf clean all
# expect: DF3039@3 DF3039@4 DF3039@5
