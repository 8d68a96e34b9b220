FROM debian:bookworm-slim
# the GnuPG home is removed after the agents are stopped; the signature
# goes once the tarball it signs is unpacked and removed
RUN set -eux; \
	curl -fsSLo /tmp/redis.tar.gz https://download.redis.io/releases/redis-7.2.5.tar.gz; \
	curl -fsSLo /tmp/redis.tar.gz.asc https://download.redis.io/releases/redis-7.2.5.tar.gz.asc; \
	export GNUPGHOME="$(mktemp -d)"; \
	gpg --batch --keyserver keyserver.ubuntu.com --recv-keys 0123456789ABCDEF; \
	gpg --batch --verify /tmp/redis.tar.gz.asc /tmp/redis.tar.gz; \
	rm -f /tmp/redis.tar.gz.asc; \
	mkdir -p /usr/src/redis; \
	tar -xzf /tmp/redis.tar.gz -C /usr/src/redis --strip-components=1; \
	rm /tmp/redis.tar.gz; \
	make -C /usr/src/redis -j "$(nproc)" all; \
	make -C /usr/src/redis install; \
	gpgconf --kill all; \
	rm -rf "$GNUPGHOME"; \
	rm -rf /usr/src/redis

# a build folder in a variable, && style
RUN dir="$(mktemp -d)" \
 && cd "$dir" \
 && tar -xzf /opt/hello.tar.gz \
 && cd hello-2.10 \
 && ./configure \
 && make \
 && make install \
 && rm -rf "$dir"
# the signed file stays in the image: its signature stays with it
WORKDIR /usr/src
RUN curl -fsSLo php.tar.xz https://www.php.net/php.tar.xz \
 && curl -fsSLo php.tar.xz.asc https://www.php.net/php.tar.xz.asc \
 && gpg --batch --verify php.tar.xz.asc php.tar.xz
# a folder the image keeps using: reported, not removed
RUN mkdir -p /usr/src/tool && cd /usr/src/tool && make install
ENV PATH=/usr/src/tool/bin:$PATH
# gem update --system leaves the gem spec cache
RUN gem update --system --no-document && rm -rf /root/.gem/specs /root/.local/share/gem/specs /root/.cache/gem/specs
