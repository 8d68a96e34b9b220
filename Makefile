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
# dfopt-bot (src/bot/): libcurl; its tests drive git, python3 and pre-commit
BOT_PKGS  := libcurl
DEB_libcurl := libcurl4-openssl-dev
BOT_TEST_DEPS := bin/git:git bin/python3:python3 bin/pre-commit:pre-commit

WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
CSTD    := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
OPT     ?= -O2 -g
BUILD   ?= build
BIN     ?= dfopt
BOT_BIN ?= dfopt-bot
export DFOPT_BIN = $(abspath $(BIN))
# test-only builds of dfopt (tests/test_faults.c): a failing allocator, and
# misbehaving rules
export DFOPT_OOM_BIN = $(abspath $(BUILD)/tests/dfopt-oom)
export DFOPT_FAULTY_BIN = $(abspath $(BUILD)/tests/dfopt-faulty)
export DFOPT_BOT_BIN = $(abspath $(BOT_BIN))
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null) -pthread
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -pthread
TEST_CFLAGS = $(shell pkg-config --cflags $(TEST_PKGS) 2>/dev/null)
TEST_LIBS   = $(shell pkg-config --libs $(TEST_PKGS) 2>/dev/null)
ALL_CFLAGS = $(CSTD) $(WARN) $(OPT) -Iinclude -DDFOPT_VERSION='"$(VERSION)"' -DDFOPT_DATADIR='"$(PREFIX)/share/dfopt"' $(PKG_CFLAGS) $(CFLAGS) $(EXTRA_CFLAGS)

LIB_SRC  := $(filter-out src/main.c,$(wildcard src/*.c)) $(wildcard passes/*.c)
PASS_SRC := $(wildcard passes/df*.c)
LIB_OBJ  := $(patsubst %.c,$(BUILD)/%.o,$(LIB_SRC)) $(BUILD)/gen/ruledocs.o $(BUILD)/gen/facts.o
MAIN_OBJ := $(BUILD)/src/main.o
TEST_SRC := $(wildcard tests/test_*.c)
TEST_BIN := $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRC))
HDRS     := $(wildcard include/dfopt/*.h) $(wildcard src/*.h) $(wildcard passes/*.h)
BOT_OBJ  := $(patsubst %.c,$(BUILD)/%.o,$(filter-out src/bot/main.c,$(wildcard src/bot/*.c)))
BOT_TEST_BIN := $(patsubst tests/%.c,$(BUILD)/tests/%,$(wildcard tests/bot/test_*.c))
BOT_CFLAGS = $(shell pkg-config --cflags $(BOT_PKGS) 2>/dev/null)
BOT_LIBS   = $(shell pkg-config --libs $(BOT_PKGS) 2>/dev/null)

.PHONY: all deps test-deps bot-deps bot-test-deps test unit golden golden-update asan fuzz leakcheck demo bench savings install clean help corpus lint

all: $(BIN) $(BOT_BIN)

help:
	@echo "make            build ./dfopt and ./dfopt-bot"
	@echo "make demo       install what is missing, build, run dfopt on examples/"
	@echo "make test       install what is missing, build, run unit and golden tests"
	@echo "make asan       the tests under AddressSanitizer + UBSan"
	@echo "make fuzz       libFuzzer: parser, shell model, whole rewrite (FUZZ_SECONDS=60 each)"
	@echo "make leakcheck  valgrind over golden/ and a corpus sample: no leak, no error"
	@echo "make bench      files/s, MB/s, peak RSS, per-file latency, BuildKit's parse time (builds it with Go)"
	@echo "make savings    real image builds: bytes each fix saves (needs imgbuild set up, ~30 min)"
	@echo "make golden-update   rewrite golden expectations (refused when CI is set)"
	@echo "make install PREFIX=/usr/local DESTDIR="

# ---- dependencies ---------------------------------------------------------
deps:
	@sh scripts/deps.sh $(foreach p,$(PKGS),$(p):$(DEB_$(p)))

test-deps: deps
	@sh scripts/deps.sh $(foreach p,$(TEST_PKGS),$(p):$(DEB_$(p)))

bot-deps:
	@sh scripts/deps.sh $(foreach p,$(BOT_PKGS),$(p):$(DEB_$(p)))

bot-test-deps:
	@sh scripts/deps.sh $(BOT_TEST_DEPS)

# ---- build ----------------------------------------------------------------
# dfopt is linked statically when libc.a, libpcre2-8.a and libjansson.a are
# there (STATIC=0: shared libraries): pre-commit and editors start one
# process per file, and the dynamic loader was most of what remained of
# its start-up once the facts became tables (README, "Speed and memory").
STATIC_LIBS = libc.a libpcre2-8.a libjansson.a
STATIC ?= $(if $(strip $(foreach l,$(STATIC_LIBS),$(if $(filter /%,$(shell $(CC) -print-file-name=$(l))),,no))),0,1)
BIN_LDFLAGS = $(if $(filter 1,$(STATIC)),-static)

$(BIN): deps $(LIB_OBJ) $(MAIN_OBJ)
	$(CC) $(ALL_CFLAGS) $(BIN_LDFLAGS) -o $@ $(LIB_OBJ) $(MAIN_OBJ) $(PKG_LIBS) $(LDFLAGS)

$(BUILD)/%.o: %.c $(HDRS) | deps
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BOT_BIN): deps bot-deps $(LIB_OBJ) $(BOT_OBJ) $(BUILD)/src/bot/main.o
	$(CC) $(ALL_CFLAGS) -o $@ $(LIB_OBJ) $(BOT_OBJ) $(BUILD)/src/bot/main.o $(PKG_LIBS) $(BOT_LIBS) $(LDFLAGS)

$(BUILD)/src/bot/%.o: src/bot/%.c $(HDRS) | deps bot-deps
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(BOT_CFLAGS) -c -o $@ $<

# --explain text comes from each pass's opening comment
$(BUILD)/gen/ruledocs.c: $(PASS_SRC) scripts/gen-ruledocs.sh
	@mkdir -p $(dir $@)
	@sh scripts/gen-ruledocs.sh $@ $(PASS_SRC)

$(BUILD)/gen/ruledocs.o: $(BUILD)/gen/ruledocs.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# facts ship inside the binary: data/*.json as const C tables
# (include/dfopt/facts.h); the generator runs on the build host, so it is
# built with HOST_CC
HOST_CC ?= $(CC)
FACTS_JSON := data/package-managers.json data/base-images.json data/dependency-manifests.json
$(BUILD)/gen/genfacts: scripts/genfacts.c include/dfopt/facts.h | deps
	@mkdir -p $(dir $@)
	$(HOST_CC) $(CSTD) $(WARN) -O2 -Iinclude $(PKG_CFLAGS) -o $@ scripts/genfacts.c $(PKG_LIBS)

$(BUILD)/gen/facts.c: $(BUILD)/gen/genfacts $(FACTS_JSON)
	$(BUILD)/gen/genfacts $@ $(FACTS_JSON)

$(BUILD)/gen/facts.o: $(BUILD)/gen/facts.c include/dfopt/facts.h
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# test_iofaults injects failures into the system calls of src/fsio.c
WRAP_test_iofaults := -Wl,--wrap=write,--wrap=fsync,--wrap=rename,--wrap=fchown,--wrap=fchmod
# test_kb counts JSON parses and pattern compiles, and reads data/ itself
WRAP_test_kb := -DDFOPT_DATA_DIR='"$(abspath data)"' \
    -Wl,--wrap=json_loadb,--wrap=json_loads,--wrap=json_load_file,--wrap=pcre2_compile_8

$(BUILD)/tests/%: tests/%.c $(LIB_OBJ) $(HDRS) | test-deps
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(TEST_CFLAGS) -Itests -o $@ $< $(LIB_OBJ) $(PKG_LIBS) $(TEST_LIBS) $(LDFLAGS) $(WRAP_$*)

OOM_WRAP := -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup,--wrap=strndup
TEST_DFOPTS := $(BUILD)/tests/dfopt-oom $(BUILD)/tests/dfopt-faulty

$(BUILD)/tests/dfopt-oom: tests/oom_shim.c $(LIB_OBJ) $(MAIN_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(OOM_WRAP) -o $@ tests/oom_shim.c $(LIB_OBJ) $(MAIN_OBJ) $(PKG_LIBS) $(LDFLAGS)

$(BUILD)/tests/dfopt-faulty: tests/faulty_registry.c $(LIB_OBJ) $(MAIN_OBJ) $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ tests/faulty_registry.c $(filter-out $(BUILD)/passes/registry.o,$(LIB_OBJ)) \
	    $(MAIN_OBJ) $(PKG_LIBS) $(LDFLAGS)

$(BUILD)/tests/bot/%: tests/bot/%.c $(LIB_OBJ) $(BOT_OBJ) $(HDRS) | test-deps bot-deps
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(TEST_CFLAGS) $(BOT_CFLAGS) -Itests -o $@ $< $(LIB_OBJ) $(BOT_OBJ) $(PKG_LIBS) $(BOT_LIBS) $(TEST_LIBS) $(LDFLAGS)

# ---- tests ----------------------------------------------------------------
unit: $(TEST_BIN) $(TEST_DFOPTS)
	@sh scripts/run-tests.sh $(TEST_BIN)

test: test-deps bot-test-deps $(BIN) $(BOT_BIN) $(TEST_BIN) $(BOT_TEST_BIN) $(TEST_DFOPTS)
	@sh scripts/run-tests.sh $(TEST_BIN) $(BOT_TEST_BIN) -- golden check-docs jobs bot precommit

golden: $(BIN)
	@sh scripts/golden.sh check

golden-update: $(BIN)
	@sh scripts/golden.sh update

asan:
	$(MAKE) STATIC=0 BUILD=build-asan BIN=build-asan/dfopt BOT_BIN=build-asan/dfopt-bot OPT="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	    LDFLAGS="-fsanitize=address,undefined" test

fuzz: deps
	@sh scripts/fuzz.sh $(FUZZ_SECONDS)

leakcheck: $(BIN)
	@sh scripts/leakcheck.sh

demo: dfopt
	@sh scripts/demo.sh

bench: dfopt
	@sh scripts/buildkit-parse.sh || echo "bench: BuildKit's parser could not be built: its time is not measured" >&2
	@sh scripts/bench.sh

# real builds of bench/savings/*: original vs rewrite (not part of `make test`)
savings: $(BIN)
	@bash bench/savings/run.sh --dfopt $(BIN) $(SAVINGS_ARGS)

corpus: dfopt
	../shared/tools/check-corpus --dfopt ./dfopt

install: $(BIN) $(BOT_BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 dfopt $(DESTDIR)$(PREFIX)/bin/dfopt
		install -m 644 docs/dfopt.1 $(DESTDIR)$(PREFIX)/share/man/man1/dfopt.1

clean:
	rm -rf build build-asan build-fuzz dfopt dfopt-bot
