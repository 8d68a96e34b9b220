# php: the alpine sibling is advice only (musl, PHPIZE_DEPS), never applied
FROM php:8.3-fpm-bookworm
RUN docker-php-ext-install pdo_mysql opcache
COPY . /var/www/html
CMD ["php-fpm"]
