GO ?= go

.PHONY: test vet
test: vet
	$(GO) test ./...

vet:
	$(GO) vet ./...
