package evolve

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
)

// The island model: K universes ("islands") evolve apart; every E
// generations island I sends copies of its M best creatures to island
// (I+1) mod K, which puts them in place of its M worst. This file holds the
// part that does not depend on how the migrants travel: the islands'
// seeds, who leaves, who is replaced, and the migrants' wire format.
//
// Migration uses no random draw, so an island's run is a pure function of
// the run's flags and the migrants it receives, which are themselves such
// a function: the K islands give the same bits whether they run in one
// process or on K machines, in any order, at any speed.

// IslandSettings are the settings shared by every island of a run; an
// island's checkpoint holds them (with its own index) so that a resumed
// island is checked against the flags it is restarted with.
type IslandSettings struct {
	Run          string `json:"run"`
	Island       int    `json:"island"`
	Of           int    `json:"of"`
	RunSeed      uint64 `json:"run_seed"`
	MigrateEvery int    `json:"migrate_every"`
	Migrants     int    `json:"migrants"`
}

// IslandSeed is the seed of island i of a run seeded with seed: SplitMix64's
// finalizer over seed + (i+1)·γ (γ the golden-ratio increment), so that
// neighbouring islands and neighbouring run seeds get unrelated streams.
func IslandSeed(seed uint64, i int) uint64 {
	z := seed + uint64(i+1)*0x9e3779b97f4a7c15
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// Epoch is the migration epoch that ends with generation gen, or 0 if no
// migration follows gen (every > 0).
func Epoch(gen, every int) int {
	if gen%every != 0 {
		return 0
	}
	return gen / every
}

// Migrant is a creature travelling between islands: its id, coefficients
// and fitness on the island it left.
type Migrant struct {
	ID      int64
	Coeffs  []float64
	Fitness float64
}

// Emigrants returns copies of the m best creatures, best first (fitness,
// ties by id, as selection ranks them). Every creature must have been
// evaluated.
func (u *Universe) Emigrants(m int) []Migrant {
	keys := u.sel.rank(u.Pop)
	out := make([]Migrant, min(m, len(keys)))
	for i := range out {
		c := &u.Pop[keys[i].index]
		out[i] = Migrant{ID: c.ID, Coeffs: slices.Clone(c.Coeffs[:]), Fitness: c.Fitness}
	}
	return out
}

// Immigrate puts ms in place of the len(ms) worst creatures (the worst
// replaced by the first migrant). An immigrant gets the next id, no parent
// (it has none on this island) and is born into the current generation,
// after its statistics: it takes part in the selection that ends it. It is
// not evaluated (call Evaluate), because its fitness on this island is what
// selection must compare. Immigrate returns the immigrants and the
// creatures they replaced, which die in the current generation.
func (u *Universe) Immigrate(ms []Migrant) (arrived, replaced []Creature, err error) {
	if len(ms) > len(u.Pop)/2 {
		return nil, nil, fmt.Errorf("%d migrants for a population of %d (at most half of it)", len(ms), len(u.Pop))
	}
	for i, m := range ms {
		if len(m.Coeffs) != len(u.Pop[0].Coeffs) {
			return nil, nil, fmt.Errorf("migrant %d has %d coefficients, want %d", i, len(m.Coeffs), len(u.Pop[0].Coeffs))
		}
	}
	keys := u.sel.rank(u.Pop)
	worst := make([]Creature, len(ms))
	for i := range ms {
		worst[i] = u.Pop[keys[len(keys)-1-i].index]
	}
	replaced = CloneCreatures(worst) // their coefficients are about to be overwritten
	for i, m := range ms {
		c := &u.Pop[keys[len(keys)-1-i].index]
		coeffs := c.Coeffs // the population's buffer
		copy(coeffs, m.Coeffs)
		*c = Creature{ID: u.NextID, Born: u.Generation, Coeffs: coeffs}
		u.NextID++
		arrived = append(arrived, *c)
	}
	return CloneCreatures(arrived), replaced, nil
}

// Migration message format: one JSON object,
//
//	{"format":"evocopter-migrants","version":1,"run":"...","island":0,"epoch":1,
//	 "migrants":[{"id":7,"fitness":"<hex>","coeffs":["<hex>",...]},...]}
//
// floats as the 16 hex digits of their bits, as in checkpoints. The same
// message with "epoch" set to a generation carries an island's best
// creature at the end of a run.
const (
	MigrantsFormat  = "evocopter-migrants"
	MigrantsVersion = 1
)

type migrantsMessage struct {
	Format   string          `json:"format"`
	Version  int             `json:"version"`
	Run      string          `json:"run"`
	Island   int             `json:"island"`
	Epoch    int             `json:"epoch"`
	Migrants []migrantRecord `json:"migrants"`
}

type migrantRecord struct {
	ID      int64      `json:"id"`
	Fitness hexFloat   `json:"fitness"`
	Coeffs  []hexFloat `json:"coeffs"`
}

// MarshalMigrants encodes island's migrants of epoch in run.
func MarshalMigrants(run string, island, epoch int, ms []Migrant) ([]byte, error) {
	msg := migrantsMessage{Format: MigrantsFormat, Version: MigrantsVersion, Run: run, Island: island, Epoch: epoch,
		Migrants: make([]migrantRecord, len(ms))}
	for i, m := range ms {
		r := migrantRecord{ID: m.ID, Fitness: hexFloat(m.Fitness), Coeffs: make([]hexFloat, len(m.Coeffs))}
		for j, x := range m.Coeffs {
			r.Coeffs[j] = hexFloat(x)
		}
		msg.Migrants[i] = r
	}
	return json.Marshal(msg)
}

// maxMigrantsMessage bounds what UnmarshalMigrants reads: a message comes
// from the network.
const maxMigrantsMessage = 64 << 20

// UnmarshalMigrants decodes a migrants message and checks that it is the
// one asked for: run, island and epoch.
func UnmarshalMigrants(data []byte, run string, island, epoch int) ([]Migrant, error) {
	if len(data) > maxMigrantsMessage {
		return nil, fmt.Errorf("migrants message of %d bytes (at most %d)", len(data), maxMigrantsMessage)
	}
	if !bytes.HasPrefix(data, []byte("{")) {
		return nil, errors.New("not an evocopter migrants message")
	}
	var msg migrantsMessage
	if err := strictDecode(data, &msg); err != nil {
		return nil, fmt.Errorf("damaged migrants message: %v", err)
	}
	if msg.Format != MigrantsFormat || msg.Version != MigrantsVersion {
		return nil, fmt.Errorf("migrants message of format %q version %d; this evolve reads %q version %d",
			msg.Format, msg.Version, MigrantsFormat, MigrantsVersion)
	}
	if msg.Run != run || msg.Island != island || msg.Epoch != epoch {
		return nil, fmt.Errorf("migrants message of run %q island %d epoch %d where run %q island %d epoch %d was expected",
			msg.Run, msg.Island, msg.Epoch, run, island, epoch)
	}
	out := make([]Migrant, len(msg.Migrants))
	for i, r := range msg.Migrants {
		out[i] = Migrant{ID: r.ID, Fitness: float64(r.Fitness), Coeffs: make([]float64, len(r.Coeffs))}
		for j, x := range r.Coeffs {
			out[i].Coeffs[j] = float64(x)
		}
	}
	return out, nil
}
