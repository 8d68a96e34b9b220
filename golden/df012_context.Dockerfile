FROM nginx:1.27-alpine
# with a build context dfopt reads the sources: README is text, bundle is gzip
ADD README /usr/share/doc/README
ADD site /usr/share/nginx/html

# a block of its own: the archive stays ADD
ADD bundle /opt/bundle
