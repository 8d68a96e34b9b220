# dfopt - Dockerfile optimizer. `make help` lists the targets.
#
# Dependencies come from pkg-config (libpcre2-8, jansson, cmocka). When one
# is missing on Debian/Ubuntu, `make deps` (run by every build target)
# installs it with apt-get (through sudo when not root); elsewhere it stops
# and says exactly what to install.

CC      ?= cc
PREFIX  ?= /usr/local
DESTDIR ?=
VERSION := 0.1.0

PKGS      := libpcre2-8 jansson
TEST_PKGS := cmocka
DEB_libpcre2-8 := libpcre2-dev
DEB_jansson    := libjansson-dev
DEB_cmocka     := libcmocka-dev

WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
CSTD    := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
OPT     ?= -O2 -g
BUILD   ?= build
BIN     ?= dfopt
export DFOPT_BIN = $(abspath $(BIN))
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
TEST_CFLAGS = $(shell pkg-config --cflags $(TEST_PKGS) 2>/dev/null)
TEST_LIBS   = $(shell pkg-config --libs $(TEST_PKGS) 2>/dev/null)
ALL_CFLAGS = $(CSTD) $(WARN) $(OPT) -Iinclude -DDFOPT_VERSION='"$(VERSION)"' -DDFOPT_DATADIR='"$(PREFIX)/share/dfopt"' $(PKG_CFLAGS) $(CFLAGS) $(EXTRA_CFLAGS)

LIB_SRC  := $(filter-out src/main.c,$(wildcard src/*.c)) $(wildcard passes/*.c)
PASS_SRC := $(wildcard passes/df*.c)
LIB_OBJ  := $(patsubst %.c,$(BUILD)/%.o,$(LIB_SRC)) $(BUILD)/gen/ruledocs.o $(BUILD)/gen/data_pm.o $(BUILD)/gen/data_bi.o $(BUILD)/gen/data_dm.o
MAIN_OBJ := $(BUILD)/src/main.o
TEST_SRC := $(wildcard tests/test_*.c)
TEST_BIN := $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRC))
HDRS     := $(wildcard include/dfopt/*.h) $(wildcard src/*.h) $(wildcard passes/*.h)

.PHONY: all deps test-deps test unit golden golden-update asan fuzz demo bench savings install clean help corpus lint

all: $(BIN)

help:
	@echo "make            build ./dfopt"
	@echo "make demo       install what is missing, build, run dfopt on examples/"
	@echo "make test       install what is missing, build, run unit and golden tests"
	@echo "make asan       the tests under AddressSanitizer + UBSan"
	@echo "make fuzz       libFuzzer over parse -> print (FUZZ_SECONDS=60)"
	@echo "make bench      files/s, MB/s, peak RSS, per-file latency"
	@echo "make savings    real image builds: bytes each fix saves (needs imgbuild set up, ~30 min)"
	@echo "make golden-update   rewrite golden expectations (refused when CI is set)"
	@echo "make install PREFIX=/usr/local DESTDIR="

# ---- dependencies ---------------------------------------------------------
deps:
	@sh scripts/deps.sh $(foreach p,$(PKGS),$(p):$(DEB_$(p)))

test-deps: deps
	@sh scripts/deps.sh $(foreach p,$(TEST_PKGS),$(p):$(DEB_$(p)))

# ---- build ----------------------------------------------------------------
$(BIN): deps $(LIB_OBJ) $(MAIN_OBJ)
	$(CC) $(ALL_CFLAGS) -o $@ $(LIB_OBJ) $(MAIN_OBJ) $(PKG_LIBS) $(LDFLAGS)

$(BUILD)/%.o: %.c $(HDRS) | deps
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# --explain text comes from each pass's opening comment
$(BUILD)/gen/ruledocs.c: $(PASS_SRC) scripts/gen-ruledocs.sh
	@mkdir -p $(dir $@)
	@sh scripts/gen-ruledocs.sh $@ $(PASS_SRC)

$(BUILD)/gen/ruledocs.o: $(BUILD)/gen/ruledocs.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# facts ship inside the binary: data/package-managers.json
$(BUILD)/gen/data_pm.c: data/package-managers.json scripts/embed.sh
	@mkdir -p $(dir $@)
	@sh scripts/embed.sh $@ df_data_package_managers data/package-managers.json

$(BUILD)/gen/data_pm.o: $(BUILD)/gen/data_pm.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# and data/base-images.json
$(BUILD)/gen/data_bi.c: data/base-images.json scripts/embed.sh
	@mkdir -p $(dir $@)
	@sh scripts/embed.sh $@ df_data_base_images data/base-images.json

$(BUILD)/gen/data_bi.o: $(BUILD)/gen/data_bi.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# and data/dependency-manifests.json
$(BUILD)/gen/data_dm.c: data/dependency-manifests.json scripts/embed.sh
	@mkdir -p $(dir $@)
	@sh scripts/embed.sh $@ df_data_dependency_manifests data/dependency-manifests.json

$(BUILD)/gen/data_dm.o: $(BUILD)/gen/data_dm.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/%.c $(LIB_OBJ) $(HDRS) | test-deps
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(TEST_CFLAGS) -Itests -o $@ $< $(LIB_OBJ) $(PKG_LIBS) $(TEST_LIBS) $(LDFLAGS)

# ---- tests ----------------------------------------------------------------
unit: $(TEST_BIN)
	@sh scripts/run-tests.sh $(TEST_BIN)

test: test-deps $(BIN) $(TEST_BIN)
	@sh scripts/run-tests.sh $(TEST_BIN) -- golden check-docs

golden: $(BIN)
	@sh scripts/golden.sh check

golden-update: $(BIN)
	@sh scripts/golden.sh update

asan:
	$(MAKE) BUILD=build-asan BIN=build-asan/dfopt OPT="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	    LDFLAGS="-fsanitize=address,undefined" test

fuzz: deps
	@sh scripts/fuzz.sh $(FUZZ_SECONDS)

demo: dfopt
	@sh scripts/demo.sh

bench: dfopt
	@sh scripts/bench.sh

# real builds of bench/savings/*: original vs rewrite (not part of `make test`)
savings: $(BIN)
	@bash bench/savings/run.sh --dfopt $(BIN) $(SAVINGS_ARGS)

corpus: dfopt
	../shared/tools/check-corpus --dfopt ./dfopt

install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 dfopt $(DESTDIR)$(PREFIX)/bin/dfopt
		install -m 644 docs/dfopt.1 $(DESTDIR)$(PREFIX)/share/man/man1/dfopt.1

clean:
	rm -rf build build-asan build-fuzz dfopt
