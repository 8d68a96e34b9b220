FROM ruby:3.3
WORKDIR /app
COPY Gemfile Gemfile.lock ./
RUN bundle install --frozen
COPY . .
CMD ["ruby", "app.rb"]
