# DF004 where the flag would change nothing worth a pull request
# (review run 7): tools for the people who work in the container keep
# their recommends, packages without recommends are left alone, and
# ldap-utils keeps the SASL modules its tools bind with.
FROM ubuntu:24.04

RUN apt-get update && apt-get install -y \
	apache2-utils \
	&& rm -rf /var/lib/apt/lists/*

# for editing/viewing files only in the container
RUN apt-get update && apt-get install -y vim less && rm -rf /var/lib/apt/lists/*

# for checking ldap settings
RUN apt-get update && apt-get install -y ldap-utils && rm -rf /var/lib/apt/lists/*

RUN apt-get update && apt-get install -y libyaml-dev make && rm -rf /var/lib/apt/lists/*

# still fixed: python3 has recommends
RUN apt-get update && apt-get install -y python3 jq && rm -rf /var/lib/apt/lists/*

CMD ["apache2ctl", "-D", "FOREGROUND"]
