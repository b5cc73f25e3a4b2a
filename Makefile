# Fulcrum: `make demo` simulates and ranks the online-store example; `make test` runs the tests.
# Both install what is missing first (OpenBLAS through apt-get when pkg-config cannot find it).

SWIFT ?= swift
SCENARIO ?= scenarios/online-store.yaml

.PHONY: demo test build release deps benchmark clean

deps:
	@if ! pkg-config --exists openblas 2>/dev/null; then \
		echo "Installing OpenBLAS (libopenblas-dev) and pkg-config..."; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq libopenblas-dev pkg-config >/dev/null; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product fulcrum

demo: release
	.build/release/fulcrum validate $(SCENARIO)
	.build/release/fulcrum simulate $(SCENARIO) --plan checkout_first
	.build/release/fulcrum rank $(SCENARIO)

# Tests run optimised: the statistical checks draw hundreds of thousands of samples.
test: deps
	$(SWIFT) build -c release --product fulcrum
	$(SWIFT) test -c release -Xswiftc -enable-testing

benchmark: release
	python3 Benchmarks/compare.py

clean:
	rm -rf .build
