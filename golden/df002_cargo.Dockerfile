FROM rust:1.80
WORKDIR /usr/src/app
COPY . .
RUN cargo fetch
RUN cargo build --release
