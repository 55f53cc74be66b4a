# evocopter: run `make test` for every check; see README.md.
GO ?= go

.PHONY: test vet fmt-check unit bench
test: fmt-check vet unit

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

unit:
	$(GO) test -count=1 ./...

# Every benchmark, a few times each (compare runs with benchstat).
bench:
	$(GO) test -run '^$$' -bench . -count 5 ./...
