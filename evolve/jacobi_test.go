package evolve_test

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/evocopter/evocopter/evolve"
)

// symmetricMatrix is a test input drawn from seed: kind 0 has entries
// U[-1, 1), kind 1 is a covariance-like matrix R R^T / n + I/1000 (positive
// definite with spread eigenvalues), kind 2 is kind 1 scaled by 1e-8 with
// one dominant direction (the shape a late CMA-ES covariance has). Every
// product is rounded, so the input has the same bits on every architecture.
func symmetricMatrix(n int, seed uint64, kind int) []float64 {
	r := rand.New(rand.NewPCG(seed, 77))
	a := make([]float64, n*n)
	switch kind {
	case 0:
		for i := range n {
			for j := i; j < n; j++ {
				x := float64(r.Float64()*2) - 1
				a[i*n+j], a[j*n+i] = x, x
			}
		}
	default:
		rr := make([]float64, n*n)
		for i := range rr {
			rr[i] = float64(r.Float64()*2) - 1
		}
		scale := 1.0
		if kind == 2 {
			scale = 1e-8
			for j := range n {
				rr[j] *= 1e4 // row 0 dominates
			}
		}
		for i := range n {
			for j := i; j < n; j++ {
				s := 0.0
				for k := range n {
					s += float64(rr[i*n+k] * rr[j*n+k])
				}
				x := float64(float64(s/float64(n)) * scale)
				if i == j {
					x += float64(scale * 1e-3)
				}
				a[i*n+j], a[j*n+i] = x, x
			}
		}
	}
	return a
}

// TestEigenSymMatchesGonum compares values and vectors with gonum's LAPACK.
func TestEigenSymMatchesGonum(t *testing.T) {
	for _, n := range []int{1, 2, 3, 5, 8, 13, 30, 70} {
		for kind := range 3 {
			a := symmetricMatrix(n, uint64(n), kind)
			vals, vecs, err := evolve.EigenSym(n, a, nil, nil)
			if err != nil {
				t.Fatalf("n=%d kind %d: %v", n, kind, err)
			}
			var es mat.EigenSym
			if !es.Factorize(mat.NewSymDense(n, append([]float64(nil), a...)), true) {
				t.Fatal("gonum failed")
			}
			want := es.Values(nil)
			var wv mat.Dense
			es.VectorsTo(&wv)
			norm := 0.0
			for _, x := range want {
				norm = max(norm, math.Abs(x))
			}
			for j := range n {
				if d := math.Abs(vals[j] - want[j]); d > 1e-12*max(norm, 1e-300) {
					t.Errorf("n=%d kind %d: value %d = %g, gonum %g", n, kind, j, vals[j], want[j])
				}
			}
			// Vectors up to sign, where the eigenvalue is well separated
			// (within a cluster any orthonormal basis is right).
			for j := range n {
				gap := math.Inf(1)
				for k := range n {
					if k != j {
						gap = min(gap, math.Abs(want[k]-want[j]))
					}
				}
				if gap < 1e-6*norm {
					continue
				}
				dot := 0.0
				for i := range n {
					dot += vecs[i*n+j] * wv.At(i, j)
				}
				sign := math.Copysign(1, dot)
				for i := range n {
					if d := math.Abs(vecs[i*n+j] - sign*wv.At(i, j)); d > 1e-9 {
						t.Errorf("n=%d kind %d: vector %d entry %d = %g, gonum %g", n, kind, j, i, vecs[i*n+j], sign*wv.At(i, j))
						break
					}
				}
			}
			checkOrthonormal(t, n, vecs)
		}
	}
}

func checkOrthonormal(t *testing.T, n int, v []float64) {
	t.Helper()
	for j := range n {
		for k := j; k < n; k++ {
			dot := 0.0
			for i := range n {
				dot += v[i*n+j] * v[i*n+k]
			}
			want := 0.0
			if j == k {
				want = 1
			}
			if math.Abs(dot-want) > 1e-12 {
				t.Fatalf("n=%d: columns %d and %d have dot %g", n, j, k, dot)
			}
		}
	}
}

// jacobiGolden holds the SHA-256 of the bits of EigenSym's values and then
// vectors for symmetricMatrix(n, seed, kind), computed on amd64. The same
// bits on arm64, s390x, ppc64le, 386 and arm (run the test under qemu)
// show that the solver is exact everywhere.
var jacobiGolden = []struct {
	n    int
	seed uint64
	kind int
	sum  string
}{
	{2, 1, 0, "c4c72dd9bfba538b7ca2dd794266650d249d2eae11d5455242cdcf8d6933d2fd"},
	{3, 2, 1, "bb61b2760bd53f63ca7bafa8f8af41c51d0505e86418a1ef8b722621baf0c9d7"},
	{10, 3, 0, "ae5e9411704ab4aca1dd307bf096d134d77673fe13858fa253c91cb71431fa38"},
	{10, 4, 1, "4061aa932165da2097fc6a20fa93a8dccd938ba272d074605f23281faaf5ebf5"},
	{30, 5, 2, "9056b27f2a47a59022d9c24222af386a041d64b28ab0878bcf054ee7f85eded3"},
	{70, 6, 1, "4677a78afe3263db0ec4694dbfece0e4b2f6657eb18e450ffc4d7bf376f00c7c"},
}

func eigenBitsSum(vals, vecs []float64) string {
	h := sha256.New()
	for _, x := range append(append([]float64(nil), vals...), vecs...) {
		h.Write(binary.LittleEndian.AppendUint64(nil, math.Float64bits(x)))
	}
	return hex.EncodeToString(h.Sum(nil))
}

func TestJacobiGoldenBits(t *testing.T) {
	for _, g := range jacobiGolden {
		vals, vecs, err := evolve.EigenSym(g.n, symmetricMatrix(g.n, g.seed, g.kind), nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := eigenBitsSum(vals, vecs); got != g.sum {
			t.Errorf("n=%d seed %d kind %d: bits sum %s, want %s", g.n, g.seed, g.kind, got, g.sum)
		}
	}
}

// TestJacobiSmallExact: a 2 x 2 case whose result is known exactly.
func TestJacobiSmallExact(t *testing.T) {
	vals, vecs, err := evolve.EigenSym(2, []float64{2, 1, 1, 2}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if vals[0] != 1 || vals[1] != 3 {
		t.Fatalf("values %v, want [1 3]", vals)
	}
	r := math.Sqrt(0.5)
	for i, want := range []float64{r, r, -r, r} {
		if math.Abs(math.Abs(vecs[i])-math.Abs(want)) > 1e-15 {
			t.Fatalf("vectors %v", vecs)
		}
	}
}

func TestJacobiRejectsNaN(t *testing.T) {
	if _, _, err := evolve.EigenSym(2, []float64{1, math.NaN(), math.NaN(), 1}, nil, nil); err == nil {
		t.Fatal("NaN matrix: no error")
	}
	if _, _, err := evolve.EigenSym(2, []float64{1, 2, 3}, nil, nil); err == nil {
		t.Fatal("wrong size: no error")
	}
}
