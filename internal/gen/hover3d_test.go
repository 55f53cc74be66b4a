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
	// The controller alone is 5 rows of 13 products and 13 additions.
	if count[OpMul] < 65 || count[OpAdd] < 65 || count[OpDiv] != 2 || count[OpSqrt] != 1 {
		t.Errorf("unexpected operation counts: %v", count)
	}
}
