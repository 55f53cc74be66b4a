package evolve

import (
	"math"

	"github.com/evocopter/evocopter/sim"
)

// mutate changes either the matrix or the constant (50/50) of c with one
// of the six mutations, chosen uniformly (SPEC §5).
func (u *Universe) mutate(c *sim.Coeffs) {
	entries := c[sim.K0 : sim.Q2+1] // the matrix
	if u.rng.IntN(2) == 1 {
		entries = c[sim.C0 : sim.C1+1] // the constant
	}
	r := u.rng
	switch r.IntN(6) {
	case 0: // random
		for i := range entries {
			entries[i] *= r.Float64() + 0.5
		}
	case 1: // normal
		for i := range entries {
			entries[i] *= float64(0.1*u.normal()) + 0.5
		}
	case 2: // one
		entries[r.IntN(len(entries))] *= r.Float64() + 0.5
	case 3: // all
		f := r.Float64() + 0.5
		for i := range entries {
			entries[i] *= f
		}
	case 4: // zero_or_one
		i := r.IntN(len(entries))
		entries[i] = float64(r.IntN(2))
	case 5: // set_equal_to
		i, j := r.IntN(len(entries)), r.IntN(len(entries))
		sign := 1.0
		if r.IntN(2) == 1 {
			sign = -1
		}
		entries[i] = entries[j] * sign
	}
}

// normal draws from the standard normal distribution with the polar
// method (one value of each accepted pair), using only operations whose
// results are the same bits on every architecture: +, -, *, / and sqrt are
// correctly rounded, and portableLog replaces math.Log, which has
// architecture-specific implementations.
func (u *Universe) normal() float64 {
	for {
		a := 2*u.rng.Float64() - 1
		b := 2*u.rng.Float64() - 1
		s := float64(a*a) + float64(b*b)
		if s >= 1 || s == 0 {
			continue
		}
		return a * math.Sqrt(-2*portableLog(s)/s)
	}
}

// portableLog is math's pure-Go logarithm (FreeBSD's e_log.c) for x in
// (0, 1), with every product that is added rounded first so that no
// architecture fuses it into a multiply-add.
func portableLog(x float64) float64 {
	const (
		ln2Hi = 6.93147180369123816490e-01
		ln2Lo = 1.90821492927058770002e-10
		l1    = 6.666666666666735130e-01
		l2    = 3.999999999940941908e-01
		l3    = 2.857142874366239149e-01
		l4    = 2.222219843214978396e-01
		l5    = 1.818357216161805012e-01
		l6    = 1.531383769920937332e-01
		l7    = 1.479819860511658591e-01
	)
	f1, ki := math.Frexp(x)
	if f1 < math.Sqrt2/2 {
		f1 *= 2
		ki--
	}
	f := f1 - 1
	k := float64(ki)
	s := f / (2 + f)
	s2 := s * s
	s4 := s2 * s2
	t1 := float64(s2 * (l1 + float64(s4*(l3+float64(s4*(l5+float64(s4*l7)))))))
	t2 := float64(s4 * (l2 + float64(s4*(l4+float64(s4*l6)))))
	r := t1 + t2
	hfsq := float64(float64(0.5*f) * f)
	return float64(k*ln2Hi) - ((hfsq - (float64(s*(hfsq+r)) + float64(k*ln2Lo))) - f)
}
