# an image whose purpose is the toolchain (like the official maven image):
# its command is the build tool, so neither DF020 nor DF021 reports it
FROM eclipse-temurin:21-jdk-noble
RUN apt-get update && apt-get install -y --no-install-recommends git make && rm -rf /var/lib/apt/lists/*
RUN curl -fsSL -o /tmp/m.tgz https://example.invalid/maven.tgz && tar -xzf /tmp/m.tgz -C /usr/share && rm /tmp/m.tgz
COPY mvn-entrypoint.sh /usr/local/bin/mvn-entrypoint.sh
ENTRYPOINT ["/usr/local/bin/mvn-entrypoint.sh"]
CMD ["mvn"]
