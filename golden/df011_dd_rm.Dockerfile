FROM debian:bookworm-slim
# a 100 MB scratch file
RUN dd if=/dev/zero of=/tmp/big bs=1M count=100
RUN sha256sum /tmp/big > /checksum
RUN rm /tmp/big
CMD ["cat", "/checksum"]
