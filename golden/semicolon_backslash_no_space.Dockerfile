# The author joins with `;\` and `&&\` (no blank before the backslash):
# an appended command is joined the same way (review run10, apps 283).
FROM php:8.3-apache
RUN set -ex;\
apt-get update;\
apt-get install -y --no-install-recommends unzip;\
rm -rf /var/lib/apt/lists/*;\
curl -sS https://getcomposer.org/installer -o composer-setup.php;\
php composer-setup.php --install-dir=/usr/local/bin --filename=composer;\
rm composer-setup.php;\
composer install --no-dev --no-progress --optimize-autoloader;\
chmod +x docker-entrypoint.sh;
RUN apt-get update &&\
    apt-get install -y --no-install-recommends git
CMD ["apache2-foreground"]
