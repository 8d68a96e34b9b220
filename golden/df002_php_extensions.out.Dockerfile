FROM php:8.3-apache
WORKDIR /var/www/html
RUN docker-php-ext-install -j$(nproc) pdo_mysql opcache
COPY composer.json composer.lock ./
RUN composer install --no-dev --no-scripts --no-autoloader --prefer-dist
COPY . .
RUN composer dump-autoload --optimize --classmap-authoritative
