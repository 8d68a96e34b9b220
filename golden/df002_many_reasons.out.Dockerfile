FROM ruby:3.3
WORKDIR /app
COPY . .
RUN bundle install
CMD ["ruby", "app.rb"]
