FROM php:8.3-apache
WORKDIR /var/www/html
COPY . .
RUN docker-php-ext-install -j$(nproc) pdo_mysql opcache
RUN composer install --no-dev --no-scripts --no-autoloader --prefer-dist
RUN composer dump-autoload --optimize --classmap-authoritative
