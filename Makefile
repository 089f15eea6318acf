# ctl - audit the CTL and ITL trust lists of Cisco IP phones.
#
# Programs are found by name: cmd/NAME.c, or cmd/NAME/*.c for a program
# that outgrew one file.  Everything in common/ goes into one static
# library that every program links.  Objects and binaries live under
# $(B), never beside the sources.

PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
MANDIR	?= $(PREFIX)/share/man
DESTDIR	?=

CC	?= cc
SANITIZE ?=
ifeq ($(SANITIZE),1)
B	?= build/san
SANFLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all \
	   -fno-omit-frame-pointer
else
B	?= build/$(notdir $(CC))
SANFLAGS =
endif

PKGS	= libcurl libxml-2.0 libcrypto
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

WARN	= -Wall -Wextra -Wpedantic -Werror -Wshadow -Wstrict-prototypes \
	  -Wmissing-prototypes -Wformat=2 -Wundef -Wvla -Wwrite-strings \
	  -Wpointer-arith -Wnull-dereference
OPT	?= -O2 -g
CFLAGS	?= $(OPT)
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -D_FORTIFY_SOURCE=2 \
	  -fstack-protector-strong $(WARN) $(CFLAGS) $(SANFLAGS) \
	  -Icommon $(PKG_CFLAGS)
ALL_LDFLAGS = $(LDFLAGS) $(SANFLAGS)
LDLIBS	= $(PKG_LIBS) -lcsv

PROGS	:= $(sort $(basename $(notdir $(wildcard cmd/*.c))) \
	     $(notdir $(patsubst %/,%,$(dir $(wildcard cmd/*/*.c)))))
COMMON_SRC := $(wildcard common/*.c)
COMMON_OBJ := $(COMMON_SRC:%.c=$(B)/%.o)
LIB	:= $(B)/libctl.a

UNIT_SRC := $(wildcard tests/unit/*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/unit/%)
FUZZ_SRC := $(filter-out tests/fuzz/driver.c,$(wildcard tests/fuzz/*.c))
FUZZ_NAMES := $(FUZZ_SRC:tests/fuzz/fuzz-%.c=%)
REPLAY_BIN := $(FUZZ_NAMES:%=$(B)/tests/fuzz/replay-%)
FUZZ_BIN := $(FUZZ_NAMES:%=build/fuzz/fuzz-%)

BINS	:= $(PROGS:%=$(B)/bin/%)
MAN1	:= $(wildcard man/*.1)
MAN5	:= $(wildcard man/*.5)
MAN7	:= $(wildcard man/*.7)
SCRIPTS	:= scripts/ctl-report

all: $(BINS)

$(B)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(LIB): $(COMMON_OBJ)
	@rm -f $@
	$(AR) rcs $@ $(COMMON_OBJ)

define prog_rule
$(1)_SRC := $$(if $$(wildcard cmd/$(1).c),cmd/$(1).c,$$(wildcard cmd/$(1)/*.c))
$(B)/bin/$(1): $$($(1)_SRC:%.c=$(B)/%.o) $(LIB)
	@mkdir -p $$(@D)
	$$(CC) $$(ALL_LDFLAGS) -o $$@ $$($(1)_SRC:%.c=$(B)/%.o) $(LIB) $$(LDLIBS)
endef
$(foreach p,$(PROGS),$(eval $(call prog_rule,$(p))))

$(B)/tests/unit/%: $(B)/tests/unit/%.o $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

$(B)/tests/fuzz/replay-%: $(B)/tests/fuzz/fuzz-%.o $(B)/tests/fuzz/driver.o $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LDLIBS)

# Test helpers that are programs but not part of the product.
TESTPROG_SRC := $(wildcard tests/bin/*.c)
TESTPROGS := $(TESTPROG_SRC:tests/bin/%.c=$(B)/tests/bin/%)
$(B)/tests/bin/%: $(B)/tests/bin/%.o $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

build-tests: $(BINS) $(UNIT_BIN) $(REPLAY_BIN) $(TESTPROGS)

deps:
	@sh scripts/install-deps

# check: install what the tests need, build, run every test.  Set
# SANITIZE=1 for ASan+UBSan, VALGRIND=1 to run the programs under
# valgrind, TESTS="tests/x.t ..." to run some.
check: deps
	@$(MAKE) --no-print-directory build-tests
	@CTL_BUILD=$(B) CTL_VALGRIND=$(VALGRIND) sh tests/run $(TESTS)

demo: deps
	@$(MAKE) --no-print-directory all
	@CTL_BUILD=$(B) sh scripts/demo

bench: deps
	@$(MAKE) --no-print-directory build-tests
	@CTL_BUILD=$(B) sh tests/bench/run

# fuzz: libFuzzer with ASan+UBSan (clang), FUZZ_TIME seconds per target;
# new interesting inputs land in tests/fuzz/corpus/NAME to be committed.
FUZZ_TIME ?= 60
FUZZ_FLAGS = -std=c11 -D_GNU_SOURCE -g -O1 -Icommon $(PKG_CFLAGS) \
	     -fsanitize=fuzzer,address,undefined -fno-omit-frame-pointer
build/fuzz/fuzz-%: tests/fuzz/fuzz-%.c $(COMMON_SRC)
	@mkdir -p $(@D)
	clang $(FUZZ_FLAGS) -o $@ $< $(COMMON_SRC) $(LDLIBS)
fuzz: deps $(FUZZ_BIN)
	@for n in $(FUZZ_NAMES); do \
		mkdir -p tests/fuzz/corpus/$$n; \
		d=; [ -f tests/fuzz/$$n.dict ] && d=-dict=tests/fuzz/$$n.dict; \
		echo "fuzz $$n: $(FUZZ_TIME) s"; \
		build/fuzz/fuzz-$$n -max_total_time=$(FUZZ_TIME) \
		    -max_len=65536 $$d tests/fuzz/corpus/$$n 2>build/fuzz/$$n.log \
		    || { tail -40 build/fuzz/$$n.log; exit 1; }; \
		grep -E '^Done|stat::' build/fuzz/$$n.log | tail -1; \
	done

BANNED	= sprintf|strcpy|strcat|gets|atoi|atol|atoll|strtok|vsprintf|stpcpy
lint:
	@echo "lint: mandoc"; mandoc -T lint -W warning $(MAN1) $(MAN5) $(MAN7)
	@echo "lint: shellcheck"; shellcheck -x -s sh scripts/* tests/run tests/*.t tests/lib.sh $(wildcard tests/sim/*.sh tests/bench/run)
	@echo "lint: banned calls"; \
	if grep -nE '(^|[^_a-z0-9])($(BANNED))[[:space:]]*\(' \
	    cmd/*.c cmd/*/*.c common/*.c common/*.h 2>/dev/null; then \
		echo "lint: banned calls above"; exit 1; fi
	@echo "lint: unsafe libxml2 options"; \
	if grep -nE 'XML_PARSE_(NOENT|DTDLOAD|DTDATTR|HUGE|XINCLUDE)' \
	    cmd/*.c cmd/*/*.c common/*.c 2>/dev/null; then exit 1; fi
	@echo "lint: clang build"; $(MAKE) --no-print-directory CC=clang build-tests

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7
	cp $(BINS) $(DESTDIR)$(BINDIR)/
	for s in $(SCRIPTS); do [ -f $$s ] && cp $$s $(DESTDIR)$(BINDIR)/; done; true
	cp $(MAN1) $(DESTDIR)$(MANDIR)/man1/
	cp $(MAN5) $(DESTDIR)$(MANDIR)/man5/
	cp $(MAN7) $(DESTDIR)$(MANDIR)/man7/

uninstall:
	for p in $(PROGS) $(notdir $(SCRIPTS)); do rm -f $(DESTDIR)$(BINDIR)/$$p; done
	for m in $(notdir $(MAN1)); do rm -f $(DESTDIR)$(MANDIR)/man1/$$m; done
	for m in $(notdir $(MAN5)); do rm -f $(DESTDIR)$(MANDIR)/man5/$$m; done
	for m in $(notdir $(MAN7)); do rm -f $(DESTDIR)$(MANDIR)/man7/$$m; done

clean:
	rm -rf build

.SECONDARY:

.PHONY: all build-tests check deps demo bench fuzz lint install uninstall clean

-include $(shell find $(B) -name '*.d' 2>/dev/null)
