# evocopter: run `make test` for every check; see README.md.
GO ?= go

.PHONY: test vet fmt-check unit bench cross
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

# Cross-compile without cgo for every architecture the project supports.
cross:
	@set -e; for t in linux/amd64 linux/arm64 linux/arm linux/ppc64le linux/s390x linux/386 darwin/arm64 windows/amd64; do \
		echo "GOOS/GOARCH=$$t"; GOOS=$${t%/*} GOARCH=$${t#*/} GOARM=7 CGO_ENABLED=0 $(GO) build -o /dev/null ./...; done
