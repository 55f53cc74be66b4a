# evocopter: `make test` runs every check; see README.md.
GO ?= go
# qemu-user binaries (Debian: apt-get install qemu-user-static).
QEMU_SUFFIX ?= -static
DIST ?= dist

# GOARCH -> qemu-user name.
qemu_arm64   = qemu-aarch64$(QEMU_SUFFIX)
qemu_arm     = qemu-arm$(QEMU_SUFFIX)
qemu_ppc64le = qemu-ppc64le$(QEMU_SUFFIX)
qemu_s390x   = qemu-s390x$(QEMU_SUFFIX)
QEMU_ARCHES  = arm64 arm ppc64le s390x

# os/arch[/variant] targets of `make cross`.
CROSS = linux/amd64 linux/arm64 linux/arm/7 linux/ppc64le linux/s390x linux/386 darwin/arm64 windows/amd64

.PHONY: build viewer test test-native fmt-check vet unit test-variants test-cross cross bench generate check-generate fuzz

# build puts the evolve binary in bin/. (A plain `go build ./cmd/evolve` in
# the repository root fails: it would write a file named evolve where the
# evolve/ package folder is.)
build:
	$(GO) build -o bin/evolve ./cmd/evolve

# The checks of `make test`, in order; test-cross needs qemu-user.
TEST_STEPS = fmt-check vet check-generate unit test-variants test-cross

# test runs every check, goes on past a failing one, and ends with one line:
# "make test: PASSED ..." or "make test: FAILED: <the checks that failed>".
test:
	@start=$$(date +%s); passed=; failed=; skipped=; \
	for step in $(TEST_STEPS); do \
		if [ $$step = test-cross ] && ! command -v $(qemu_s390x) >/dev/null 2>&1; then \
			echo "SKIPPED test-cross: qemu-user-static is not installed (apt-get install qemu-user-static)"; \
			skipped="; test-cross SKIPPED (no qemu-user)"; continue; \
		fi; \
		echo "== make $$step"; \
		if $(MAKE) --no-print-directory $$step; then passed="$$passed $$step"; else failed="$$failed $$step"; fi; \
	done; \
	secs=$$(( $$(date +%s) - start )); took="$$((secs / 60))m$$((secs % 60))s"; \
	if [ -n "$$failed" ]; then echo "make test: FAILED:$$failed, after $$took$$skipped"; exit 1; fi; \
	echo "make test: PASSED:$$passed, in $$took$$skipped"

# The tests that need nothing but Go.
test-native: fmt-check vet check-generate unit test-variants

# generate rewrites every generated file: the portable Go kernels, the tier
# table and the dispatch (internal/gen/gengo), the amd64 assembly with its
# Go declarations (the avo program in kernel/asm, its own module), and the
# empty functions of the border benchmark (bench/border/internal/genborder).
generate:
	$(GO) generate ./kernel ./bench/border

# viewer rebuilds the part of three.js the 3-D flight page embeds
# (cmd/evolve/internal/viewer/three.min.js, committed) with npm and esbuild
# at the versions pinned in its package.json.
viewer:
	cd cmd/evolve/internal/viewer/js && npm ci --ignore-scripts && npm run build

GENERATED = kernel/soa_gen.go kernel/dispatch_gen.go kernel/dispatch_amd64.go kernel/dispatch_noasm.go \
	kernel/block_soa_gen.go kernel/block_dispatch_gen.go kernel/block_dispatch_amd64.go kernel/block_dispatch_noasm.go \
	kernel/kernel_amd64.s kernel/kernel_amd64.go \
	$(addprefix bench/border/,empty_go.go empty_asm.go empty_noasm.go empty_ptr4.s empty_ptr8.s) \
	$(addprefix bench/border/internal/cgoborder/,empty_cgo.go empty_nocgo.go)

# check-generate regenerates and fails if that changed any generated file:
# the committed (or edited) generator and its output disagree.
check-generate:
	@before=$$(cat $(GENERATED) | cksum); \
	$(MAKE) --no-print-directory generate >/dev/null; \
	if [ "$$before" != "$$(cat $(GENERATED) | cksum)" ]; then \
		git --no-pager diff --stat -- $(GENERATED); \
		echo "generated files are stale: run make generate" >&2; \
		exit 1; \
	fi

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

# kernel/asm is its own module: ./... does not reach it.
vet:
	$(GO) vet ./...
	$(GO) vet -tags purego ./...
	cd kernel/asm && $(GO) vet ./...

unit:
	$(GO) test -count=1 ./...

# The race detector (the batched evaluator runs several workers), amd64
# without assembly, amd64 where Go itself may fuse multiply-adds
# (GOAMD64=v3), and 386 (32-bit), all native; every benchmark once.
test-variants:
	$(GO) test -count=1 -race -short ./...
	$(GO) test -count=1 -tags purego ./...
	GOAMD64=v3 $(GO) test -count=1 ./...
	GOARCH=386 $(GO) test -count=1 ./...
	$(GO) test -count=1 -run '^$$' -bench . -benchtime 1x ./...
	GOARCH=386 $(GO) test -count=1 -run '^$$' -bench . -benchtime 1x ./...

# The whole suite and every benchmark once under qemu-user, per
# architecture, and the cross-built binary's `evolve eval` against the
# reference fitness.
test-cross: cross
	@for arch in $(QEMU_ARCHES); do \
		case $$arch in arm64) q=$(qemu_arm64);; arm) q=$(qemu_arm);; ppc64le) q=$(qemu_ppc64le);; s390x) q=$(qemu_s390x);; esac; \
		echo "== GOARCH=$$arch under $$q"; \
		bin=$(DIST)/evolve-linux-$$arch; [ $$arch = arm ] && bin=$$bin"v7"; \
		$$q $$bin eval sim/testdata/creatures.json | cmp - sim/testdata/fitness.txt || exit 1; \
		GOARCH=$$arch GOARM=7 $(GO) test -count=1 -exec $$q ./... || exit 1; \
		GOARCH=$$arch GOARM=7 $(GO) test -count=1 -exec $$q -run '^$$' -bench . -benchtime 1x ./... >/dev/null || exit 1; \
	done

# The evolve binary for every supported platform, into $(DIST)/.
cross:
	@mkdir -p $(DIST)
	@for t in $(CROSS); do \
		os=$${t%%/*}; rest=$${t#*/}; arch=$${rest%%/*}; arm=; \
		case $$rest in */*) arm=$${rest#*/};; esac; \
		out=$(DIST)/evolve-$$os-$$arch$${arm:+v$$arm}; [ $$os = windows ] && out=$$out.exe; \
		echo "$$out"; \
		CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch GOARM=$$arm $(GO) build -o $$out ./cmd/evolve || exit 1; \
	done

# Every benchmark, a few times each (compare runs with benchstat).
bench:
	$(GO) test -run '^$$' -bench . -count 5 ./...

# Every fuzz target for FUZZTIME each (go test fuzzes one target at a
# time). A new input that widens coverage is minimized first, for up to
# FUZZMINIMIZE: the execs/sec line reads 0 meanwhile; that is not a hang.
# Failures are written to the package's testdata/fuzz and then run by
# `make test` like any other test.
FUZZTIME ?= 30s
FUZZMINIMIZE ?= 10s
fuzz:
	@set -e; for f in $$(grep -rl --include='*_test.go' '^func Fuzz' .); do \
		for name in $$(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' $$f); do \
			echo "== $$name ($$(dirname $$f), $(FUZZTIME))"; \
			$(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINIMIZE) $$(dirname $$f); \
		done; \
	done
