package evolve

import (
	"errors"
	"math"
)

// jacobiMaxSweeps bounds the sweeps of EigenSym. The cyclic Jacobi method
// converges quadratically: a symmetric matrix of a few hundred rows needs
// about ten sweeps; only a matrix with NaN or infinite entries reaches it.
const jacobiMaxSweeps = 60

// ErrNoConvergence is returned by EigenSym for a matrix that does not
// converge (one holding NaN or infinities).
var ErrNoConvergence = errors.New("eigendecomposition: no convergence (NaN or infinite entries)")

// EigenSym computes the eigenvalues and eigenvectors of the symmetric n x n
// matrix a (row-major, only its upper triangle is read; a is not changed):
// a = V diag(values) V^T, values in ascending order, V's column j (vectors
// row-major, entry [i*n+j]) the unit eigenvector of values[j].
//
// It is the cyclic Jacobi method (Rutishauser's formulation, as in
// Numerical Recipes' jacobi) with a fixed order of rotations, a fixed stop
// rule and every product that feeds a sum rounded on its own (float64(...)
// forbids the compiler to fuse a multiply-add), so it returns the same bits
// on every architecture; library LAPACK does not (gonum lets the compiler
// fuse on arm64, ppc64le and s390x).
//
// values and vectors are reused when they have the capacity.
func EigenSym(n int, a, values, vectors []float64) ([]float64, []float64, error) {
	if len(a) != n*n {
		return values, vectors, errors.New("eigendecomposition: matrix size")
	}
	values = resize(values, n)
	vectors = resize(vectors, n*n)
	// The strict upper triangle of m is the part not yet annihilated; the
	// diagonal lives in values (d) with the sweep's updates in z.
	m := make([]float64, n*n)
	copy(m, a)
	b := make([]float64, n)
	z := make([]float64, n)
	for i := range n {
		for j := range n {
			vectors[i*n+j] = 0
		}
		vectors[i*n+i] = 1
		values[i] = m[i*n+i]
		b[i] = values[i]
	}
	d, v := values, vectors
	converged := false
	for sweep := 1; sweep <= jacobiMaxSweeps; sweep++ {
		sm := 0.0
		for p := 0; p < n-1; p++ {
			for q := p + 1; q < n; q++ {
				sm += math.Abs(m[p*n+q])
			}
		}
		if sm == 0 {
			converged = true
			break
		}
		if sm != sm || math.IsInf(sm, 0) {
			break
		}
		// In the first three sweeps only large elements are rotated away.
		tresh := 0.0
		if sweep < 4 {
			tresh = float64(0.2*sm) / float64(float64(n)*float64(n))
		}
		for p := 0; p < n-1; p++ {
			for q := p + 1; q < n; q++ {
				apq := m[p*n+q]
				g := float64(100 * math.Abs(apq))
				// After four sweeps an element negligible against both
				// diagonal entries is set to zero without a rotation.
				if sweep > 4 && math.Abs(d[p])+g == math.Abs(d[p]) && math.Abs(d[q])+g == math.Abs(d[q]) {
					m[p*n+q] = 0
					continue
				}
				if math.Abs(apq) <= tresh || apq == 0 {
					continue
				}
				h := d[q] - d[p]
				var t float64
				if math.Abs(h)+g == math.Abs(h) {
					t = apq / h
				} else {
					theta := float64(0.5*h) / apq
					t = 1 / (math.Abs(theta) + math.Sqrt(1+float64(theta*theta)))
					if theta < 0 {
						t = -t
					}
				}
				c := 1 / math.Sqrt(1+float64(t*t))
				s := float64(t * c)
				tau := s / (1 + c)
				h = float64(t * apq)
				z[p] -= h
				z[q] += h
				d[p] -= h
				d[q] += h
				m[p*n+q] = 0
				for j := 0; j < p; j++ { // rotations 0 <= j < p
					rotate(m, s, tau, j*n+p, j*n+q)
				}
				for j := p + 1; j < q; j++ { // rotations p < j < q
					rotate(m, s, tau, p*n+j, j*n+q)
				}
				for j := q + 1; j < n; j++ { // rotations q < j < n
					rotate(m, s, tau, p*n+j, q*n+j)
				}
				for j := range n {
					rotate(v, s, tau, j*n+p, j*n+q)
				}
			}
		}
		for p := range n {
			b[p] += z[p]
			d[p] = b[p]
			z[p] = 0
		}
	}
	if !converged {
		return values, vectors, ErrNoConvergence
	}
	sortEigen(n, d, v)
	return values, vectors, nil
}

// rotate applies the Jacobi rotation (s, tau) to the pair x[i], x[k]. The
// products are rounded before they are added (the rule of this file); the
// compiler inlines rotate, and the conversions inside still hold.
func rotate(x []float64, s, tau float64, i, k int) {
	g, h := x[i], x[k]
	x[i] = g - float64(s*(h+float64(g*tau)))
	x[k] = h + float64(s*(g-float64(h*tau)))
}

// sortEigen orders the eigenvalues ascending, moving the vectors' columns
// with them (selection sort: n is small and the order is then fixed; equal
// values keep their order).
func sortEigen(n int, d, v []float64) {
	for i := 0; i < n-1; i++ {
		k := i
		for j := i + 1; j < n; j++ {
			if d[j] < d[k] {
				k = j
			}
		}
		if k == i {
			continue
		}
		d[i], d[k] = d[k], d[i]
		for r := range n {
			v[r*n+i], v[r*n+k] = v[r*n+k], v[r*n+i]
		}
	}
}

// resize returns x with length n, reusing its memory when it can.
func resize(x []float64, n int) []float64 {
	if cap(x) < n {
		return make([]float64, n)
	}
	return x[:n]
}
