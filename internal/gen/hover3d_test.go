package gen

import (
	"sort"
	"strconv"
	"testing"
)

// TestHover3DDescription checks the fused 3-D flight's description and
// logs its operation count per creature-step, the figure the benchmarks'
// ns/step is compared with.
func TestHover3DDescription(t *testing.T) {
	k := Hover3D()
	if err := k.Check(); err != nil {
		t.Fatal(err)
	}
	if len(k.Arrays) != 71 || k.Field("fitness") != 70 || k.Field("c4") != 69 || k.Field("a1_0") != 13 {
		t.Fatalf("arrays: %d, fitness %d, c4 %d, a1_0 %d", len(k.Arrays), k.Field("fitness"), k.Field("c4"), k.Field("a1_0"))
	}
	count := map[Op]int{}
	for _, in := range k.Body {
		count[in.Op]++
	}
	var ops []Op
	for op := range count {
		ops = append(ops, op)
	}
	sort.Slice(ops, func(i, j int) bool { return count[ops[i]] > count[ops[j]] })
	line := ""
	for _, op := range ops {
		line += " " + op.String() + "=" + strconv.Itoa(count[op])
	}
	t.Logf("operations per creature-step: %d:%s", len(k.Body), line)
	// The controller alone is 5 rows of 13 products and 13 additions; the
	// divisions are tan(theta) and the yaw rate, the square roots the
	// distance and the fitness's precision term.
	if count[OpMul] < 65 || count[OpAdd] < 65 || count[OpDiv] != 2 || count[OpSqrt] != 2 {
		t.Errorf("unexpected operation counts: %v", count)
	}
}

// zen4Latency is the latency in cycles of each operation's AVX2 form on
// AMD Zen 4 (AMD's optimization guide for family 19h): additions and
// multiplications 3, division 13, square root 21 (256-bit), blends,
// logic, compares and min/max 1-2.
var zen4Latency = map[Op]int{OpAdd: 3, OpSub: 3, OpMul: 3, OpDiv: 13, OpSqrt: 21, OpMax: 2, OpMin: 2,
	OpNeg: 1, OpAbs: 1, OpCopy: 0, OpLess: 2, OpLessEq: 2, OpSelect: 1, OpAnd: 1, OpAndNot: 1, OpXor: 1, OpBitClear: 2}

// TestHover3DCriticalPath logs the longest chain of dependent operations
// from the state at the start of a step to the state at its end: a lower
// bound on the cycles of one step of one vector, however many execution
// units there are; only interleaving independent vectors hides it.
func TestHover3DCriticalPath(t *testing.T) {
	k := Hover3D()
	ready := map[string]int{}
	longest, via := 0, ""
	for _, in := range k.Body {
		lat, ok := zen4Latency[in.Op]
		if !ok {
			t.Fatalf("no latency for %v", in.Op)
		}
		start := 0
		for _, a := range in.Args {
			start = max(start, ready[a])
		}
		ready[in.Dst] = start + lat
		if k.KindOf(in.Dst) == KindVar && ready[in.Dst] > longest && len(in.Dst) > 0 && in.Dst[0] != 't' {
			longest, via = ready[in.Dst], in.Dst
		}
	}
	t.Logf("critical path of one step: %d cycles (to %s); %d operations", longest, via, len(k.Body))
	if longest < 50 {
		t.Errorf("a step's chain of %d cycles is too short to be the model", longest)
	}
}
