# zhibu: plain make.  `make demo` serves the demo; `make check` runs every test.
CC      ?= cc
PKGS    := libmicrohttpd jansson libsodium sqlite3 libpq libcrypto libzip expat xlsxwriter
CFLAGS  ?= -O2 -g
WARN    := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wshadow -Wformat=2 \
           -Wstrict-prototypes -Wmissing-prototypes -Werror
PKGCFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKGLIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
ALLCFLAGS = $(WARN) $(CFLAGS) -DHAVE_LIBPQ -I$(B) -Isrc $(PKGCFLAGS)
LIBS      = $(PKGLIBS) -lpthread -lm
B       ?= build

SRC     := $(filter-out src/main.c,$(wildcard src/*.c))
OBJ     := $(patsubst src/%.c,$(B)/%.o,$(SRC))
UTSRC   := $(wildcard test/unit/*.c)
UTOBJ   := $(patsubst test/unit/%.c,$(B)/unit_%.o,$(UTSRC))
SQL     := $(wildcard sql/sqlite/*.sql sql/pg/*.sql)
WEBDIST := web/dist

.PHONY: all deps demo check unit http browser sanitize format lint bench clean web

all: $(B)/zhibu

$(B)/.dir:
	@mkdir -p $(B) && touch $@

$(B)/mkassets: tools/mkassets.c | $(B)/.dir
	$(CC) -O2 -Wall -o $@ $<

# Embedded SQL migrations, holiday data and the web UI (when built).
$(B)/assets_data.h: $(B)/mkassets $(SQL) data/holidays.tsv $(wildcard $(WEBDIST)/index.html) | $(B)/.dir
	$(B)/mkassets $@ sql data $(WEBDIST)

$(B)/%.o: src/%.c $(wildcard src/*.h) $(B)/assets_data.h
	$(CC) $(ALLCFLAGS) -c -o $@ $<

$(B)/unit_%.o: test/unit/%.c $(wildcard src/*.h test/unit/*.h) $(B)/unit_groups.h
	$(CC) $(ALLCFLAGS) -Itest/unit -c -o $@ $<

$(B)/unit_groups.h: $(UTSRC) | $(B)/.dir
	@for f in $(notdir $(filter test/unit/test_%.c,$(UTSRC))); do \
	  n=$${f#test_}; echo "GROUP($${n%.c})"; done > $@.tmp && mv $@.tmp $@

$(B)/zhibu: $(OBJ) $(B)/main.o
	$(CC) $(CFLAGS) -o $@ $^ $(LIBS)

$(B)/unit: $(OBJ) $(UTOBJ)
	$(CC) $(CFLAGS) -o $@ $^ $(LIBS)

deps:
	@sh tools/deps.sh

web: deps
	@sh tools/build-web.sh

unit: $(B)/unit
	ZHIBU_SHARED=$${ZHIBU_SHARED:-../shared} ./$(B)/unit

http: all
	python3 test/http/run.py

browser: all
	sh test/browser/run.sh

check: deps web
	@sh tools/check.sh

demo: deps web
	$(MAKE) all
	./$(B)/zhibu demo --db demo.db --listen 127.0.0.1:8080

sanitize:
	$(MAKE) B=build-asan CC=gcc CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer" build-asan/zhibu build-asan/unit

format:
	clang-format -i src/*.c src/*.h test/unit/*.c test/unit/*.h tools/*.c

lint:
	clang-format --dry-run -Werror src/*.c src/*.h test/unit/*.c test/unit/*.h tools/*.c

bench: deps
	$(MAKE) all
	@sh bench/run.sh

clean:
	rm -rf build build-asan
