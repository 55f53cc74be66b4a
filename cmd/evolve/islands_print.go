package main

import (
	"io"
	"sync"
)

// orderedPrinter writes the generation lines of the islands of one process
// in a fixed order, generation by generation and island by island within
// one, whatever order the islands finish them in: the output of a run is
// then a function of its flags, as its numbers are. Lines that come early
// wait; islands cannot drift apart by more than K migration epochs, so
// few do.
type orderedPrinter struct {
	mu      sync.Mutex
	w       io.Writer
	of      int
	first   []int // island -> its first generation to print
	gen, is int   // the next line due
	pending map[[2]int]string
}

func newOrderedPrinter(w io.Writer, first []int) *orderedPrinter {
	p := &orderedPrinter{w: w, of: len(first), first: first, pending: map[[2]int]string{}}
	p.gen = first[0]
	for _, f := range first {
		p.gen = min(p.gen, f)
	}
	return p
}

// print queues island's line of generation gen and writes every line that
// is due.
func (p *orderedPrinter) print(island, gen int, line string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.pending[[2]int{gen, island}] = line
	for len(p.pending) > 0 {
		if p.gen < p.first[p.is] { // this island started later
			p.step()
			continue
		}
		l, ok := p.pending[[2]int{p.gen, p.is}]
		if !ok {
			return
		}
		io.WriteString(p.w, l)
		delete(p.pending, [2]int{p.gen, p.is})
		p.step()
	}
}

func (p *orderedPrinter) step() {
	if p.is++; p.is == p.of {
		p.is, p.gen = 0, p.gen+1
	}
}

// flush writes the lines still waiting (of islands whose neighbours
// stopped early), in order.
func (p *orderedPrinter) flush() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.pending) > 0 {
		if l, ok := p.pending[[2]int{p.gen, p.is}]; ok {
			io.WriteString(p.w, l)
			delete(p.pending, [2]int{p.gen, p.is})
		}
		p.step()
	}
}
