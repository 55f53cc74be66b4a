package coeffs

import "testing"

// TestTable pins the table: the order of docs/semantics.md §1, and every index names its own
// entry (a reordering of the constants or the names breaks every layer).
func TestTable(t *testing.T) {
	want := [N]string{"k0", "k1", "k2", "q0", "q1", "q2", "c0", "c1"}
	if Names() != want {
		t.Fatalf("Names() = %v, want %v", Names(), want)
	}
	for i, idx := range []int{K0, K1, K2, Q0, Q1, Q2, C0, C1} {
		if idx != i {
			t.Errorf("index of %s is %d, want %d", want[i], idx, i)
		}
	}
	if Name(Q2) != "q2" || Field(Q2) != "Q2" || Field(C1) != "C1" {
		t.Fatalf("Name(Q2)=%q Field(Q2)=%q Field(C1)=%q", Name(Q2), Field(Q2), Field(C1))
	}
}
