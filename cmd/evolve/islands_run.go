package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/evocopter/evocopter/evolve"
	"github.com/evocopter/evocopter/sim"
)

// island is one island of a run and everything it writes to.
type island struct {
	index, of    int
	run          string
	generations  int // 0: until stopped
	migrateEvery int
	migrants     int

	u        *evolve.Universe
	task     *sim.Task
	ev       sim.TaskEvaluator
	settings evolve.Settings
	resumed  bool

	checkpoint string  // "" for none
	ck         *output // checkpoint's file
	ckEvery    int
	log        *runLog
	hist       *historyWriter

	bus   *bus
	gate  *stopGate
	print func(island, gen int, line string)
}

// runIsland evolves the island until its last generation, a stop, or an
// error, and returns the generation it ended with. Migration comes after
// a generation's checkpoint and before its selection, so a checkpoint
// never holds an epoch's migrants: a resumed island takes them again from
// the stream. Whatever happens, the last generation is checkpointed (when
// -checkpoint is given). ctx ending stops the island without an error,
// before the migration it was waiting for.
func (is *island) runIsland(ctx context.Context) (err error) {
	u := is.u
	saved := 0 // the generation the checkpoint file holds
	if is.resumed {
		saved = u.Generation
	}
	defer func() {
		if is.checkpoint == "" || saved == u.Generation {
			return
		}
		if cerr := writeCheckpoint(is.ck, u, is.settings, is.hist); err == nil {
			err = cerr
		}
	}()
	var dead []evolve.Creature
	start := time.Now()
	for fresh := !is.resumed; ; fresh = true {
		if fresh {
			n := is.evaluate()
			st := u.Stats()
			now := time.Now()
			secs := now.Sub(start).Seconds()
			start = now
			is.print(is.index, u.Generation, fmt.Sprintf("[%d] Generation %3d: min =%9.2f avg =%9.2f max =%9.2f  [population = %d]  [%.2f secs]\n",
				is.index, u.Generation, st.Min, st.Avg, st.Max, len(u.Pop), secs))
			if is.log != nil {
				if err := is.log.write(u.Generation, st, n, secs); err != nil {
					return err
				}
			}
			if is.hist != nil {
				if err := is.hist.Record(newborn(u), dead, u.Generation-1); err != nil {
					return err
				}
			}
			if is.checkpoint != "" && u.Generation%is.ckEvery == 0 {
				if err := writeCheckpoint(is.ck, u, is.settings, is.hist); err != nil {
					return err
				}
				saved = u.Generation
			}
		}
		if is.generations > 0 && u.Generation >= is.generations || ctx.Err() != nil || !is.gate.pass(is.index, u.Generation) {
			return nil
		}
		if e := evolve.Epoch(u.Generation, is.migrateEvery); e > 0 && is.migrants > 0 {
			if err := is.migrate(ctx, e); err != nil {
				if ctx.Err() != nil {
					return nil
				}
				return err
			}
		}
		dead = u.Advance()
	}
}

// migrate sends the island's best to its right neighbour and puts its left
// neighbour's in place of its worst, for epoch e.
func (is *island) migrate(ctx context.Context, e int) error {
	u := is.u
	data, err := evolve.MarshalMigrants(is.run, is.index, e, u.Emigrants(is.migrants))
	if err != nil {
		return err
	}
	if err := is.bus.publishOnce(ctx, migrantsSubject(is.bus, e, is.index), data); err != nil {
		return err
	}
	from := (is.index + is.of - 1) % is.of
	got, err := is.bus.receive(ctx, migrantsSubject(is.bus, e, from), "island "+strconv.Itoa(from))
	if err != nil {
		return err
	}
	ms, err := evolve.UnmarshalMigrants(got, is.run, from, e)
	if err != nil {
		return fmt.Errorf("island %d's migrants of epoch %d: %v", from, e, err)
	}
	firstID := u.NextID
	_, replaced, err := u.Immigrate(ms)
	if err != nil {
		return fmt.Errorf("island %d's migrants of epoch %d: %v", from, e, err)
	}
	is.evaluate()
	if is.hist == nil {
		return nil
	}
	var arrived []evolve.Creature // now with their fitness
	for _, c := range u.Pop {
		if c.ID >= firstID {
			arrived = append(arrived, c)
		}
	}
	return is.hist.Record(arrived, replaced, u.Generation)
}

// evaluate flies the creatures that have no fitness yet, with the task's
// evaluator, and returns how many it flew.
func (is *island) evaluate() int {
	var xs [][]float64
	for _, c := range is.u.Pop {
		if !c.Evaluated {
			xs = append(xs, c.Coeffs)
		}
	}
	if len(xs) == 0 {
		return 0
	}
	fit := make([]float64, len(xs))
	is.ev.Evaluate(xs, fit)
	if err := is.u.Tell(fit); err != nil {
		panic(err) // xs are exactly the creatures Tell fills
	}
	return len(xs)
}

func migrantsSubject(b *bus, epoch, island int) string {
	return b.subject(fmt.Sprintf("migrants.%d.%d", epoch, island))
}

func bestSubject(b *bus, gen, island int) string {
	return b.subject(fmt.Sprintf("best.%d.%d", gen, island))
}

// publishBest puts the island's best creature on the stream for the
// island that gathers the run's best.
func (is *island) publishBest(ctx context.Context) error {
	best := is.u.Best()
	data, err := evolve.MarshalMigrants(is.run, is.index, is.u.Generation,
		[]evolve.Migrant{{ID: best.ID, Coeffs: best.Coeffs[:], Fitness: best.Fitness}})
	if err != nil {
		return err
	}
	return is.bus.publishOnce(ctx, bestSubject(is.bus, is.u.Generation, is.index), data)
}

// gatherBest waits for every island's best creature after generation gen
// and returns the best of them (fitness, ties by the lower island) and its
// island.
func gatherBest(ctx context.Context, b *bus, run string, of, gen int) (evolve.Migrant, int, error) {
	var best evolve.Migrant
	from := -1
	for i := range of {
		data, err := b.receive(ctx, bestSubject(b, gen, i), "island "+strconv.Itoa(i))
		if err != nil {
			return best, 0, err
		}
		ms, err := evolve.UnmarshalMigrants(data, run, i, gen)
		if err == nil && len(ms) != 1 {
			err = errors.New("not one creature")
		}
		if err != nil {
			return best, 0, fmt.Errorf("island %d's best: %v", i, err)
		}
		if from < 0 || ms[0].Fitness < best.Fitness || best.Fitness != best.Fitness {
			best, from = ms[0], i
		}
	}
	return best, from, nil
}

// stopGate stops the islands of one process at one generation: when a
// stop is asked for, every island goes on to the furthest generation any
// of them has started, and no further. Islands that stop together can
// be resumed together from their checkpoints without the old stream.
type stopGate struct {
	mu  sync.Mutex
	at  int         // the generation to stop after; 0: go on
	cur map[int]int // island -> the generation it has started
}

func newStopGate() *stopGate { return &stopGate{cur: map[int]int{}} }

// pass reports whether island i may go on past generation gen.
func (g *stopGate) pass(i, gen int) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.at > 0 && gen >= g.at {
		return false
	}
	g.cur[i] = gen + 1
	return true
}

// stop asks every island to stop; it returns the generation they stop
// after.
func (g *stopGate) stop() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.at == 0 {
		for _, c := range g.cur {
			g.at = max(g.at, c)
		}
	}
	return g.at
}

// start records the generation island i starts with.
func (g *stopGate) start(i, gen int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.cur[i] = gen
}
