# A Rails application image: the package index is fetched by its own RUN,
# and two installs read it, one of them with curl, the other with wget.
# DF001 joins the three RUNs; DF004 fixes both installs, and
# ca-certificates, which curl and wget only recommend, is added once, to the
# first of them (issue #11).
FROM debian:bookworm

WORKDIR /app

RUN apt-get update -qq
RUN apt-get install -y build-essential \
    postgresql-client \
    curl \
    libyaml-dev \
    libssl-dev

RUN apt-get install -y nano \
    wget

COPY . /app/
CMD ["rails", "server", "-b", "0.0.0.0"]
