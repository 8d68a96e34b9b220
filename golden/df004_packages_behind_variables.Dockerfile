# DF004 reads the packages a variable names where the file shows its value
# (review run13: gpg's dirmngr was dropped when gpg was named through $PKGS).
ARG FETCH_PKGS="curl gpg"

FROM debian:bookworm-slim AS keys
ARG FETCH_PKGS
RUN apt-get update && apt-get install -y $FETCH_PKGS && rm -rf /var/lib/apt/lists/*
RUN gpg --batch --keyserver hkps://keys.openpgp.org --recv-keys 0x4E1F799AA4FF2279

FROM debian:bookworm-slim
RUN set -ex; \
    BASE_PKGS="wget git"; \
    apt-get update; \
    apt-get install -y python3 $BASE_PKGS; \
    git clone https://example.org/app.git /app; \
    rm -rf /var/lib/apt/lists/*
# a variable the file does not set: the fix is unsafe
RUN apt-get update && apt-get install -y $EXTRA_PKGS && rm -rf /var/lib/apt/lists/*
# a local package file: advice
RUN apt-get update && apt-get install -y ./vendor/tool.deb && rm -rf /var/lib/apt/lists/*
CMD ["python3", "/app/main.py"]
