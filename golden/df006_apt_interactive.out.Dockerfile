FROM ubuntu:24.04
RUN apt update && \
    apt install -y --no-install-recommends curl && \
    apt upgrade -y && \
    rm -rf /var/lib/apt/lists/*
RUN <<EOF2
apt-get update
sudo apt-get install --no-install-recommends ca-certificates
apt-get purge gcc
rm -rf /var/lib/apt/lists/*
EOF2
RUN apt list --installed > /packages.txt
