# ruby keeps its Debian suite; -slim goes before it
FROM ruby:3.3-bookworm
WORKDIR /app
COPY Gemfile Gemfile.lock ./
RUN bundle install
COPY . .
CMD ["bundle", "exec", "puma"]
