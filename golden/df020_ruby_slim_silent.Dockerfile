FROM ruby:3.4-slim
COPY . /app
CMD ["ruby", "/app/main.rb"]
