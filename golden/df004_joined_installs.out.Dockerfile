# A Rails application image: the package index is fetched by its own RUN,
# and two installs read it, one of them with curl, the other with wget.
# DF001 joins the three RUNs; DF004 fixes both installs, and
# ca-certificates, which curl and wget only recommend, is added once, to the
# first of them (issue #11).
FROM debian:bookworm

WORKDIR /app

RUN apt-get update -qq && \
    apt-get install --no-install-recommends -y build-essential \
    postgresql-client \
    curl \
    libyaml-dev \
    libssl-dev \
    ca-certificates && \
    apt-get install --no-install-recommends -y nano \
    wget && \
    rm -rf /var/lib/apt/lists/*

COPY . /app/
CMD ["rails", "server", "-b", "0.0.0.0"]
