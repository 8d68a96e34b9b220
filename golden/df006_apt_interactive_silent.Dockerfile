FROM debian:bookworm-slim
RUN apt-get update -qq && apt-get -qq install --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
RUN yes | apt-get purge curl
RUN echo 'APT::Get::Assume-Yes "true";' > /etc/apt/apt.conf.d/90assume-yes
RUN apt-get update && apt-get install --no-install-recommends wget && rm -rf /var/lib/apt/lists/*
# hadolint ignore=DL3027
RUN apt-cache policy apt && dpkg -l apt
