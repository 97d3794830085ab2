# Thin wrapper around CMake. `make` builds build/moat; `make test` builds and
# runs every test; `make demo` installs missing packages, builds and scans
# the bundled examples.
BUILD ?= build
CMAKE_FLAGS ?=
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all build test demo deps clean asan fuzz fuzz-replay bench man

all: build

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)

build: $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

deps:
	@bash scripts/install-deps.sh

demo: deps build
	@echo
	@echo "== moat rules (first lines) =="
	@./$(BUILD)/moat rules | head -n 8
	@echo
	@echo "== moat config examples/ =="
	@./$(BUILD)/moat config examples/
	@echo
	@echo "== moat db import examples/vulndb/osv (real Debian 12 records, into $(BUILD)/demo-cache) =="
	@./$(BUILD)/moat db import --cache-dir $(BUILD)/demo-cache examples/vulndb/osv
	@echo
	@echo "== moat fs examples/rootfs (packages, vulnerabilities and audit of a root filesystem) =="
	@./$(BUILD)/moat fs --cache-dir $(BUILD)/demo-cache examples/rootfs

asan:
	$(MAKE) BUILD=build-asan CMAKE_FLAGS="-DMOAT_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug" test

fuzz:
	cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DMOAT_FUZZ=ON -DMOAT_TESTS=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build build-fuzz -j $(JOBS)

fuzz-replay: fuzz
	bash fuzz/replay.sh build-fuzz

bench: build
	bash bench/run.sh

man: build
	@cat $(BUILD)/moat.1

clean:
	rm -rf build build-asan build-fuzz
