FROM opensuse/leap:15.6
RUN zypper --non-interactive refresh \
 && zypper -n in -y curl \
 && curl --version \
 && zypper clean --all
# hadolint ignore=DL3036
RUN zypper -n in -y git
RUN zypper -n in -y tar && zypper cc -a
