# SPDX-License-Identifier: ISC
# statuscgi - answer with any HTTP status and the headers it needs.
#   make          build cgi-bin/status.cgi and cgi-bin/nph-status.cgi
#   make check    install missing Debian packages, build, run every test
#   make serve    ... and serve on http://127.0.0.1:8080/ with lighttpd
.POSIX:
.SUFFIXES:

VERSION  = 0.1.0
PREFIX   = /usr/local
CGIDIR   = $(PREFIX)/lib/cgi-bin
MANPREFIX = $(PREFIX)/share/man
CC       = cc
WARN     = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wformat=2 -Werror
CFLAGS   = -O2 -g
CPPFLAGS = -Isrc -D_DEFAULT_SOURCE -DVERSION='"$(VERSION)"'
ALLFLAGS = -std=c11 $(WARN) $(CPPFLAGS) $(CFLAGS)
SANFLAGS = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
           -fno-sanitize-recover=all
LDLIBS   = -lfcgi -lseccomp -pthread
# Static: a CGI process starts without the dynamic loader, which is most of
# what a minimal CGI program costs (make bench measures it).
# --wrap=gethostbyname: see __wrap_gethostbyname() in src/fastcgi/sock.c.
LDFLAGS  = -static -Wl,--wrap=gethostbyname
# Where libfcgi is linked in, the link wraps its OS_Read(), through which
# the FastCGI worker feeds it a request read ahead and checks every byte it
# reads (src/fastcgi/fcgi_wire.c); a shared libfcgi's is interposed on.
FEEDFLAGS = -DWRAP_OS_READ -Wl,--wrap=OS_Read

# The sources by layer, each folder using only those above it in this list:
# src/ the base (buffers, failures, numbers, content pieces) and the entry
# points, src/http/ the request and the RFC rules, src/answer/ planning and
# writing an answer, src/fastcgi/ the FastCGI service. CORE: everything but
# the transports and main (the fuzz target uses it).
CORE = src/http/auth.c src/http/check.c src/http/codes.c src/http/cond.c \
       src/http/params.c src/http/range.c src/http/request.c \
       src/http/table.c src/answer/assets.c src/answer/body.c \
       src/answer/chain.c src/answer/decide.c src/answer/head.c \
       src/answer/opts.c src/answer/page.c src/answer/plan.c src/answer/policy.c \
       src/answer/reply.c src/answer/serve.c src/answer/sized.c \
       src/answer/writer.c src/buf.c src/content.c src/fail.c src/num.c
SRC  = src/main.c src/cgi.c src/sandbox.c src/fastcgi/conn.c \
       src/fastcgi/fcgi.c src/fastcgi/fcgi_check.c src/fastcgi/fcgi_serve.c src/fastcgi/fcgi_wire.c \
       src/fastcgi/park.c src/fastcgi/sock.c src/fastcgi/super.c \
       src/fastcgi/test_hook.c $(CORE)
HDR  = src/buf.h src/cgi.h src/content.h src/fail.h src/nitems.h src/num.h \
       src/sandbox.h src/http/auth.h src/http/check.h src/http/codes.h \
       src/http/cond.h src/http/etag.h src/http/hex.h src/http/params.h \
       src/http/range.h src/http/request.h src/http/table.h \
       src/answer/assets.h src/answer/body.h src/answer/chain.h \
       src/answer/decide.h src/answer/fmt.h src/answer/head.h \
       src/answer/opts.h src/answer/page.h src/answer/plan.h src/answer/policy.h \
       src/answer/reply.h src/answer/serve.h src/answer/sink.h \
       src/answer/sized.h src/answer/writer.h src/fastcgi/clock.h \
       src/fastcgi/conn.h src/fastcgi/fcgi.h src/fastcgi/fcgi_check.h src/fastcgi/fcgi_serve.h \
       src/fastcgi/fcgi_wire.h src/fastcgi/park.h src/fastcgi/pool.h \
       src/fastcgi/sock.h src/fastcgi/super.h src/fastcgi/test_hook.h

# Packages each target needs on Debian 12 (scripts/deps installs the missing).
BUILD_PKGS = gcc make libc6-dev libfcgi-dev libseccomp-dev
TEST_PKGS  = bats bats-assert bats-support curl jq lighttpd procps util-linux \
             libfcgi-bin spawn-fcgi systemd valgrind apache2 \
             libapache2-mod-fcgid nginx fcgiwrap tidy chromium
SERVE_PKGS = lighttpd
FUZZ_PKGS  = clang libclang-rt-14-dev llvm
BENCH_PKGS = wrk apache2-utils curl lighttpd nginx valgrind spawn-fcgi python3
PEER_PKGS  = python3-httpbin gunicorn

# make fuzz runs the fuzzer this long; make check a burst of FUZZ_BURST.
FUZZ_SECONDS = 600
FUZZ_BURST   = 60
FUZZ_FLAGS   = -max_len=4096 -timeout=5 -rss_limit_mb=1024

all: cgi-bin/status.cgi cgi-bin/nph-status.cgi

# The CGI seccomp filter, built once here by libseccomp rather than in
# every CGI process (src/sandbox-gen.c); the builds below load it as is.
# The ASan+UBSan build builds its filters at run time (it adds rules).
GEN    = build/gen/cgi-filter.h
GENFLAGS = -DSANDBOX_CGI_BPF -Ibuild/gen
$(GEN): src/sandbox-gen.c src/sandbox.c src/sandbox.h src/nitems.h Makefile
	mkdir -p build/gen
	$(CC) $(ALLFLAGS) -o build/gen/sandbox-gen src/sandbox-gen.c \
	    src/sandbox.c -lseccomp
	build/gen/sandbox-gen >$@.tmp && mv $@.tmp $@

cgi-bin/status.cgi: $(SRC) $(HDR) $(GEN) Makefile
	$(CC) $(ALLFLAGS) $(GENFLAGS) $(FEEDFLAGS) -o $@ $(SRC) $(LDFLAGS) \
	    $(LDLIBS)

# The same program under an nph- name: servers and the program itself
# tell NPH scripts by that prefix (RFC 3875 §5.1).
cgi-bin/nph-status.cgi: cgi-bin/status.cgi
	ln -f cgi-bin/status.cgi $@ 2>/dev/null || cp cgi-bin/status.cgi $@

# The same program linked dynamically, for valgrind (which cannot follow
# malloc into a static binary) and for the Debian package (debian/rules
# passes Debian's hardening flags in DYN_LDFLAGS).
DYN_LDFLAGS =
build/dyn/status.cgi: $(SRC) $(HDR) $(GEN) Makefile
	mkdir -p build/dyn
	$(CC) $(ALLFLAGS) $(GENFLAGS) -o $@ $(SRC) $(DYN_LDFLAGS) $(LDLIBS)

# The same sources with AddressSanitizer and UndefinedBehaviorSanitizer
# (and the sanitizer options the build needs: fuzz/asan_options.c), and
# the test hooks (below): a test build, never installed. libfcgi linked
# in, as in the static build, so that the sanitizers watch its feeding.
build/asan/status.cgi: $(SRC) $(HDR) fuzz/asan_options.c Makefile
	mkdir -p build/asan
	$(CC) -std=c11 $(WARN) $(CPPFLAGS) $(SANFLAGS) $(HOOKFLAGS) \
	    $(FEEDFLAGS) -o $@ $(SRC) fuzz/asan_options.c \
	    -Wl,-Bstatic -lfcgi -Wl,-Bdynamic -lseccomp -pthread
	ln -f $@ build/asan/nph-status.cgi

# The static build with test hooks, for tests/sandbox: a FastCGI request's
# STATUSCGI_TEST_SYSCALL param makes the worker serving it make that
# system call (test_hook() in src/fastcgi/test_hook.c). Never installed: strangers
# choose a request's params.
HOOKFLAGS = -DSTATUSCGI_TEST_HOOKS
build/hook/status.cgi: $(SRC) $(HDR) $(GEN) Makefile
	mkdir -p build/hook
	$(CC) $(ALLFLAGS) $(GENFLAGS) $(HOOKFLAGS) $(FEEDFLAGS) -o $@ $(SRC) \
	    $(LDFLAGS) $(LDLIBS)

# The test suite's own FastCGI client: kept-alive connections and hostile
# record streams (tests/fcgi/fcgiclient.c).
build/fcgiclient: tests/fcgi/fcgiclient.c Makefile
	mkdir -p build
	$(CC) $(ALLFLAGS) -o $@ tests/fcgi/fcgiclient.c

# The sandbox tests' program: one mode's seccomp filter, then one system
# call in a child (tests/sandbox/trysys.c).
build/trysys: tests/sandbox/trysys.c src/sandbox.c src/sandbox.h src/nitems.h \
    $(GEN) Makefile
	mkdir -p build
	$(CC) $(ALLFLAGS) $(GENFLAGS) -o $@ tests/sandbox/trysys.c \
	    src/sandbox.c $(LDFLAGS) -lseccomp

# The fuzz target: libFuzzer with ASan+UBSan over the whole request
# handler, checking every answer's invariants (fuzz/fuzz_request.c).
build/fuzz/fuzz_request: fuzz/fuzz_request.c $(CORE) $(HDR) Makefile
	mkdir -p build/fuzz
	clang -std=c11 $(WARN) $(CPPFLAGS) -g -O1 \
	    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	    -o $@ fuzz/fuzz_request.c $(CORE)

# The FastCGI fuzz target: libFuzzer with ASan+UBSan over a worker's
# connection, a record stream in, the answer's records checked and its
# content compared with the CGI answer (fuzz/fuzz_fcgi.c). A worker's
# connection code and CORE: no main, no fcgi.c threads, no sandbox (the
# target plays the loop thread itself); libfcgi linked in and fed as in
# the static build ($(FEEDFLAGS)); the link wraps the clocks (virtual
# time) and libfcgi's read, write and poll on the connection (the peer
# acts where they would wait).
FUZZ_FCGI_SRC   = src/fastcgi/conn.c src/fastcgi/fcgi_check.c src/fastcgi/fcgi_serve.c \
                  src/fastcgi/fcgi_wire.c src/fastcgi/park.c $(CORE)
FUZZ_FCGI_WRAP  = -Wl,--wrap=read,--wrap=write,--wrap=poll,--wrap=time \
                  -Wl,--wrap=clock_gettime
FUZZ_FCGI_FLAGS = -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
                  -malloc_limit_mb=8
build/fuzz/fuzz_fcgi: fuzz/fuzz_fcgi.c $(SRC) $(HDR) Makefile
	mkdir -p build/fuzz
	clang -std=c11 $(WARN) $(CPPFLAGS) -g -O1 \
	    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	    $(FEEDFLAGS) $(FUZZ_FCGI_WRAP) -o $@ fuzz/fuzz_fcgi.c \
	    $(FUZZ_FCGI_SRC) -Wl,-Bstatic -lfcgi -Wl,-Bdynamic -pthread

fuzz-deps:
	scripts/deps $(BUILD_PKGS) $(FUZZ_PKGS)

# Fuzz for FUZZ_SECONDS; new inputs collect in build/fuzz/corpus, a crash
# in build/fuzz/crash-*. make fuzz-merge adds the new inputs' coverage to
# the committed seeds in fuzz/corpus.
fuzz: fuzz-deps
	$(MAKE) build/fuzz/fuzz_request
	mkdir -p build/fuzz/corpus
	build/fuzz/fuzz_request $(FUZZ_FLAGS) -max_total_time=$(FUZZ_SECONDS) \
	    -print_final_stats=1 -artifact_prefix=build/fuzz/ \
	    build/fuzz/corpus fuzz/corpus

fuzz-merge: fuzz-deps
	$(MAKE) build/fuzz/fuzz_request
	build/fuzz/fuzz_request -merge=1 $(FUZZ_FLAGS) fuzz/corpus build/fuzz/corpus

# Part of make check: every seed once, then a short burst.
fuzz-check: fuzz-deps
	$(MAKE) build/fuzz/fuzz_request
	build/fuzz/fuzz_request $(FUZZ_FLAGS) fuzz/corpus/* \
	    >build/fuzz/replay.log 2>&1 || { cat build/fuzz/replay.log; exit 1; }
	rm -rf build/fuzz/burst && mkdir -p build/fuzz/burst
	build/fuzz/fuzz_request $(FUZZ_FLAGS) -max_total_time=$(FUZZ_BURST) \
	    -print_final_stats=1 -artifact_prefix=build/fuzz/ \
	    build/fuzz/burst fuzz/corpus >build/fuzz/burst.log 2>&1 || \
	    { tail -n 60 build/fuzz/burst.log; exit 1; }
	grep -E '^(#[0-9]+.*DONE|stat::number_of_executed_units)' build/fuzz/burst.log

# The FastCGI target: make fuzz-fcgi fuzzes for FUZZ_SECONDS (new inputs in
# build/fuzz/corpus-fcgi, a crash in build/fuzz/fcgi-crash-*); make check
# (fuzz-check, through the rule below) replays the seed folders of
# FUZZ_FCGI_REPLAY once, each input then looked at by LeakSanitizer (a
# folder, not files, for that), and fuzzes a burst of FUZZ_BURST. The
# seeds: streams captured from nginx, Apache (mod_proxy_fcgi, mod_fcgid)
# and lighttpd, and hostile ones (fuzz/corpus-fcgi), and the inputs that
# crashed a worker or held its thread before every record was checked
# (fuzz/crashers-fcgi, docs/tests.md).
FUZZ_FCGI_REPLAY = fuzz/corpus-fcgi fuzz/crashers-fcgi
fuzz-fcgi: fuzz-deps
	$(MAKE) build/fuzz/fuzz_fcgi
	mkdir -p build/fuzz/corpus-fcgi
	build/fuzz/fuzz_fcgi $(FUZZ_FCGI_FLAGS) -max_total_time=$(FUZZ_SECONDS) \
	    -print_final_stats=1 -artifact_prefix=build/fuzz/fcgi- \
	    build/fuzz/corpus-fcgi fuzz/corpus-fcgi

# Replays the inputs that crashed before, one by one, saying which pass.
fuzz-fcgi-crashers: fuzz-deps
	$(MAKE) build/fuzz/fuzz_fcgi
	for f in fuzz/crashers-fcgi/*; do \
	    rm -rf build/fuzz/replay-fcgi build/fuzz/crasher-fcgi && \
	    mkdir -p build/fuzz/replay-fcgi build/fuzz/crasher-fcgi && \
	    cp "$$f" build/fuzz/crasher-fcgi/ && \
	    if build/fuzz/fuzz_fcgi $(FUZZ_FCGI_FLAGS) -runs=0 \
	        -artifact_prefix=build/fuzz/replay-fcgi/ build/fuzz/replay-fcgi \
	        build/fuzz/crasher-fcgi >/dev/null 2>&1; \
	    then echo "passes:  $$f"; else echo "crashes: $$f"; fi; \
	done

# Part of make check, through fuzz-check.
fuzz-check: fuzz-fcgi-check
fuzz-fcgi-check: fuzz-deps
	$(MAKE) build/fuzz/fuzz_fcgi
	rm -rf build/fuzz/replay-fcgi && mkdir -p build/fuzz/replay-fcgi
	build/fuzz/fuzz_fcgi $(FUZZ_FCGI_FLAGS) -runs=0 \
	    -artifact_prefix=build/fuzz/fcgi- build/fuzz/replay-fcgi \
	    $(FUZZ_FCGI_REPLAY) >build/fuzz/replay-fcgi.log 2>&1 || \
	    { cat build/fuzz/replay-fcgi.log; exit 1; }
	rm -rf build/fuzz/burst-fcgi && mkdir -p build/fuzz/burst-fcgi
	build/fuzz/fuzz_fcgi $(FUZZ_FCGI_FLAGS) -max_total_time=$(FUZZ_BURST) \
	    -print_final_stats=1 -artifact_prefix=build/fuzz/fcgi- \
	    build/fuzz/burst-fcgi fuzz/corpus-fcgi >build/fuzz/burst-fcgi.log \
	    2>&1 || { tail -n 60 build/fuzz/burst-fcgi.log; exit 1; }
	grep -E '^(#[0-9]+.*DONE|stat::number_of_executed_units)' \
	    build/fuzz/burst-fcgi.log

# Line coverage of the request handler over the committed seeds and what
# fuzzing found (build/fuzz/corpus): a figure for humans, not a gate.
fuzz-coverage: fuzz-deps
	mkdir -p build/fuzz/corpus build/cov
	clang -std=c11 $(CPPFLAGS) -g -O0 -fsanitize=fuzzer \
	    -fprofile-instr-generate -fcoverage-mapping \
	    -o build/cov/fuzz_request fuzz/fuzz_request.c $(CORE)
	LLVM_PROFILE_FILE=build/cov/fuzz.profraw build/cov/fuzz_request \
	    -runs=0 $(FUZZ_FLAGS) build/fuzz/corpus fuzz/corpus >/dev/null 2>&1
	llvm-profdata merge -o build/cov/fuzz.profdata build/cov/fuzz.profraw
	llvm-cov report build/cov/fuzz_request \
	    -instr-profile=build/cov/fuzz.profdata $(CORE)

deps:
	scripts/deps $(BUILD_PKGS)

# The browser tests' npm packages come from tests/browser/package-lock.json,
# pinned to versions that run on Debian 12's Node.js 18 (tests/docs checks);
# Node itself from Debian when there is none.
test-deps:
	scripts/deps $(BUILD_PKGS) $(TEST_PKGS)
	command -v npm >/dev/null || scripts/deps nodejs npm
	scripts/deps $(DEB_PKGS) $(DEB_TEST_PKGS)
	cd tests/browser && npm ci --no-audit --no-fund --loglevel=error

# Every test. tests/cgi runs the program as a CGI and, as its FastCGI twin,
# sends each request to a FastCGI process of the same binary too, comparing
# the bytes: once as built, once under ASan+UBSan (any report fails).
# tests/fcgi covers FastCGI start-up, signals, the service (parking,
# kept-alive connections, worker replacement, hostile record streams; also
# under ASan+UBSan) and valgrind; tests/servers real servers, tests/browser
# the front page in headless Chromium, tests/docs what the documents say
# (make check's packages, every parameter and setting in the README and
# status.cgi(8), links), and tests/deb builds, installs, uses and purges
# the Debian package (as root).
SAN_ENV = ASAN_OPTIONS=detect_leaks=1:detect_stack_use_after_return=1 \
          UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# Under the sanitizers the long FastCGI specs run shorter (they look for
# memory errors there; the plain run keeps their full 60 s).
SAN_SHORT = HOSTILE_SECONDS=30 KILL_LOOP_SECONDS=20
check: test-deps fuzz-deps
	$(MAKE) all build/asan/status.cgi build/dyn/status.cgi build/fcgiclient \
	    build/trysys build/hook/status.cgi fuzz-check
	$(SAN_ENV) STATUSCGI_TWIN=fcgi STATUSCGI_BIN=build/asan/status.cgi \
	    STATUSCGI_HOOK_BIN=build/asan/status.cgi $(SAN_SHORT) \
	    scripts/run-tests \
	    "CGI + FastCGI twin, ASan+UBSan:tests/cgi" \
	    "FastCGI, ASan+UBSan:tests/fcgi/fcgi.bats,tests/fcgi/service.bats" \
	    "sandbox, ASan+UBSan:tests/sandbox" \
	    >build/asan-tests.log 2>&1 || { cat build/asan-tests.log; exit 1; }
	tail -1 build/asan-tests.log
	STATUSCGI_TWIN=fcgi scripts/run-tests "CGI + FastCGI twin:tests/cgi" \
	    "FastCGI:tests/fcgi" "sandbox:tests/sandbox" "servers:tests/servers" \
	    "browser:tests/browser" "docs:tests/docs" \
	    "Debian package:tests/deb"

# valgrind memcheck over 1,000 FastCGI requests (also part of check).
memcheck: test-deps
	$(MAKE) build/dyn/status.cgi
	bats tests/fcgi/memcheck.bats

serve:
	scripts/deps $(BUILD_PKGS) $(SERVE_PKGS)
	$(MAKE) all
	scripts/serve

# Not part of check: throughput, latency, instructions and memory against
# the floors in bench/ and httpbin (when installable), as ratios.
bench:
	scripts/deps $(BUILD_PKGS) $(BENCH_PKGS)
	scripts/deps $(PEER_PKGS) || echo "bench: httpbin is not installable here"
	$(MAKE) all build/fcgiclient
	bench/run

# Not part of check: every kind of load at once for SOAK_SECONDS through
# nginx (scripts/soak, docs/tests.md); fails if a well-formed request was
# answered wrong, a worker died, or the responder's RSS (1 MiB) or open
# descriptors (16) moved. make soak SOAK_SECONDS=60 for a short one.
SOAK_SECONDS = 600
soak:
	scripts/deps $(BUILD_PKGS) $(BENCH_PKGS)
	$(MAKE) all build/fcgiclient
	SOAK_SECONDS=$(SOAK_SECONDS) scripts/soak

# make install installs BIN, the static build unless told otherwise
# (debian/rules: BIN=build/dyn/status.cgi), under both names, and the man page.
BIN = cgi-bin/status.cgi
install: $(BIN)
	mkdir -p $(DESTDIR)$(CGIDIR) $(DESTDIR)$(MANPREFIX)/man8
	cp $(BIN) $(DESTDIR)$(CGIDIR)/status.cgi
	chmod 755 $(DESTDIR)$(CGIDIR)/status.cgi
	ln -f $(DESTDIR)$(CGIDIR)/status.cgi $(DESTDIR)$(CGIDIR)/nph-status.cgi
	cp man/status.cgi.8 $(DESTDIR)$(MANPREFIX)/man8/status.cgi.8
	chmod 644 $(DESTDIR)$(MANPREFIX)/man8/status.cgi.8

uninstall:
	rm -f $(DESTDIR)$(CGIDIR)/status.cgi $(DESTDIR)$(CGIDIR)/nph-status.cgi \
	    $(DESTDIR)$(MANPREFIX)/man8/status.cgi.8

# The Debian package, built with dpkg-buildpackage from a copy of the
# sources in build/deb/ (its results land there too, not in ..):
# build/deb/statuscgi_$(VERSION)-1_amd64.deb. debian/changelog must carry
# this VERSION. Check it with: lintian build/deb/*.changes
# (dpkg-buildpackage insists on build-essential besides Build-Depends.)
DEB_PKGS = build-essential dpkg-dev debhelper apache2-dev fakeroot
DEB_TEST_PKGS = lintian mandoc man-db
DEB_SRC  = Makefile README.md SECURITY.md docs httpd.conf.example \
           lighttpd.conf.example nginx.conf.example src man debian
deb:
	scripts/deps $(BUILD_PKGS) $(DEB_PKGS)
	v=$$(dpkg-parsechangelog -l debian/changelog -S Version) && \
	    [ "$${v%-*}" = "$(VERSION)" ] || \
	    { echo "deb: debian/changelog is $$v, Makefile $(VERSION)"; exit 1; }
	rm -rf build/deb && mkdir -p build/deb/statuscgi-$(VERSION)
	cp -R $(DEB_SRC) build/deb/statuscgi-$(VERSION)/
	cd build/deb/statuscgi-$(VERSION) && dpkg-buildpackage -b -us -uc
	ls build/deb/*.deb

clean:
	rm -rf build cgi-bin/status.cgi cgi-bin/nph-status.cgi

.PHONY: all deps test-deps check bench soak memcheck fuzz fuzz-deps fuzz-merge fuzz-check \
        fuzz-coverage fuzz-fcgi fuzz-fcgi-check fuzz-fcgi-crashers serve \
        install uninstall deb clean
