GO ?= go

.PHONY: test vet generate check-generate

test: vet check-generate
	$(GO) test ./...

vet:
	$(GO) vet ./...

# generate rewrites every generated file: the portable Go kernels
# (internal/gen/gensoa) and the amd64 assembly with its Go declarations
# (the avo program in kernel/asm, its own module).
generate:
	$(GO) generate ./kernel

GENERATED = kernel/soa_gen.go kernel/kernel_amd64.s kernel/kernel_amd64.go

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
