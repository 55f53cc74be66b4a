// Package border measures what it costs to cross a border from Go: one
// call of an empty function, in Go (a function the compiler may not
// inline: the baseline), in assembly (how the kernels' amd64 tiers are
// entered) and in C through cgo (the analogue of PyPy's cpyext), each with
// no arguments, one pointer, one int, one slice and twelve slices.
//
// It is the Go edition of the PyPy posts' "crossing the border" benchmark
// (empty C functions called from Python with no arguments, one argument
// and varargs), and it answers the question that shapes the kernels' API:
// how much work must one kernel call carry before the call itself is
// noise? See Forms, Work.BreakEven and docs/border.md.
//
//	go test ./bench/border -run '^$' -bench .
//	evolve bench -border
//
// The assembly forms exist for 386, amd64, arm, arm64, ppc64le and s390x
// (compiled by gc, without the purego tag) and the cgo forms where cgo is
// on; elsewhere their benchmarks skip, saying why. The empty functions and
// their loops are generated (internal/genborder, make generate).
package border

//go:generate go run ./internal/genborder -dir .
