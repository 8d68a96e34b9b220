# A template of one package a line, its comments kept in one column for the
# commented-out alternatives users uncomment (review run10, apps 294): the
# rm takes the place of padding spaces, or is shown, not applied.
FROM ruby:3.3-slim

RUN apt-get update -qq && apt-get install -y build-essential
RUN apt-get update -qq && apt-get install -y git                                # git
# RUN apt-get update -qq && apt-get install -y libpq-dev                          # pg
RUN apt-get update -qq && apt-get install -y default-libmysqlclient-dev         # mysql2
RUN gem install bundler                                                         # bundler
