# DF004 and DF006 on installs that change nothing (review run 8:
# apache/whimsy, sqshq/piggymetrics mongodb): packages without recommends
# keep their call as it is, and a missing -y alone is advice (apt asks
# only when the call does more than install the packages it names); where
# DF004 changes the command, -y goes in with its flag; an upgrade gets -y.
FROM ubuntu:24.04

RUN apt-get update && apt-get install -y \
    apache2 \
    subversion \
    && rm -rf /var/lib/apt/lists/*

# for maintenance banner
RUN DEBIAN_FRONTEND='noninteractive' apt-get install -y \
  lua5.2 && \
  a2enmod lua

RUN \
 apt-get update && apt-get dist-upgrade -y --force-yes && apt-get install dos2unix && \
 apt-get install psmisc -y -q && \
 apt-get autoremove -y && apt-get clean && \
 rm -rf /var/cache/* && rm -rf /var/lib/apt/lists/*

# For running SVN in the container
RUN apt-get install libapache2-mod-svn

RUN apt-get update && apt-get upgrade && rm -rf /var/lib/apt/lists/*

# https://github.com/apache/couchdb-pkg/blob/master/debian/README.Debian
RUN set -eux; \
    apt-get update; \
# we DO want recommends this time
    DEBIAN_FRONTEND=noninteractive apt-get install -y couchdb; \
    rm -rf /var/lib/apt/lists/*

CMD ["apache2ctl", "-D", "FOREGROUND"]
