# Fulcrum: `make demo` simulates and ranks the online-store example; `make test` runs the tests;
# `make report` writes the example's leadership report to build/report.html.
# Each installs what is missing first with apt-get (OpenBLAS; for the tests, Chromium, and
# Slurm with munge for the sharded-run recipe).

SWIFT ?= swift
SUDO_IF_NEEDED := $(shell [ "$$(id -u)" = 0 ] || echo sudo -E)
SCENARIO ?= scenarios/online-store.yaml

.PHONY: demo test build release deps browser slurm slurm-test report benchmark fuzz clean

deps:
	@if ! pkg-config --exists openblas 2>/dev/null; then \
		echo "Installing OpenBLAS (libopenblas-dev) and pkg-config..."; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq libopenblas-dev pkg-config >/dev/null; \
	fi
	@if [ ! -e /usr/include/sqlite3.h ]; then \
		echo "Installing SQLite (libsqlite3-dev) for the forecast ledger..."; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq libsqlite3-dev >/dev/null; \
	fi
	@if ! python3 -c "import numpy" 2>/dev/null; then \
		echo "Installing NumPy (python3-numpy) for the tests' independent peers..."; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq python3-numpy >/dev/null; \
	fi

# The report tests open every report in a real browser: Debian's Chromium.
browser:
	@if ! command -v chromium >/dev/null 2>&1; then \
		echo "Installing Chromium for the report tests..."; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

# The sharded-run recipe is tested on a one-node Slurm cluster that the test starts itself.
slurm:
	@if ! command -v slurmctld >/dev/null 2>&1 || ! command -v munged >/dev/null 2>&1; then \
		echo "Installing Slurm and munge (slurm-wlm, munge) for the sharded-run test..."; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null; \
	fi

# deploy/slurm/run-sharded.sh on a real one-node cluster (munged, slurmctld, slurmd on loopback),
# started and stopped by the test; needs root, as munged and slurmd do.
slurm-test: slurm deps
	test -x .build/release/fulcrum || $(SWIFT) build -c release --product fulcrum
	$(SUDO_IF_NEEDED) bash Tests/Slurm/slurm-recipe-test.sh .build/release/fulcrum

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product fulcrum

demo: release
	.build/release/fulcrum validate $(SCENARIO)
	.build/release/fulcrum simulate $(SCENARIO) --plan checkout_first
	.build/release/fulcrum rank $(SCENARIO)

# The leadership report of the example, to open in a browser.
report: release
	mkdir -p build
	.build/release/fulcrum report $(SCENARIO) --output build/report.html
	@echo "Open build/report.html"

# Tests run optimised: the statistical checks draw hundreds of thousands of samples. The test
# build compiles the binary too (with -enable-testing, so a separate product build would be
# compiled twice); the Slurm test and the documented commands run that binary.
test: deps browser slurm
	$(SWIFT) test -c release -Xswiftc -enable-testing
	$(MAKE) slurm-test
	$(MAKE) fuzz FUZZ_SECONDS=45

# The loader, expression compiler and engine under libFuzzer for FUZZ_SECONDS (default 600).
# New inputs go to .build/fuzz-corpus; crashes, hangs and memory blow-ups to .build/fuzz-findings.
FUZZ_SECONDS ?= 600
fuzz: deps
	cd Fuzz && $(SWIFT) build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
	mkdir -p .build/fuzz-corpus .build/fuzz-findings
	Fuzz/.build/release/FulcrumFuzz -max_total_time=$(FUZZ_SECONDS) -timeout=20 -rss_limit_mb=2048 -max_len=8192 \
		-print_final_stats=1 -artifact_prefix=.build/fuzz-findings/ .build/fuzz-corpus Fuzz/corpus scenarios

benchmark: release
	python3 Benchmarks/compare.py

clean:
	rm -rf .build
