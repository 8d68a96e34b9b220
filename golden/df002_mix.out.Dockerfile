FROM elixir:1.17
ENV MIX_ENV=prod
WORKDIR /app
COPY . .
RUN mix local.hex --force && mix deps.get --only prod
RUN mix release
