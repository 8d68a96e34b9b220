FROM rust:1.82
RUN cargo install cargo-audit

FROM php:8.3-cli
COPY --from=composer:2 /usr/bin/composer /usr/local/bin/composer
WORKDIR /app
COPY . .
RUN composer install --no-dev --optimize-autoloader \
    && composer clear-cache \
    && php artisan optimize
CMD ["php", "artisan", "serve"]
