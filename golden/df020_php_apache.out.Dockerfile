# apache -> fpm-alpine changes the server model: advice with that caveat
FROM php:8.2-apache
COPY src/ /var/www/html/
