package evolve

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"

	"github.com/evocopter/evocopter/sim"
)

// Checkpoint file format: one line of JSON,
//
//	{"format":"evocopter-checkpoint","version":1,"sha256":"<hex>","payload":{...}}
//
// followed by a newline. sha256 is the SHA-256 of the payload's bytes as
// they appear in the file, so an edited or cut file is rejected; the final
// newline makes a file cut just before it incomplete too. Every float is
// stored as the 16 hex digits of its IEEE bits, so a resumed run continues
// with exactly the numbers it stopped with (NaN and infinities included).
const (
	CheckpointFormat  = "evocopter-checkpoint"
	CheckpointVersion = 1
)

// Settings are what a run was started with; a resumed run keeps them.
type Settings struct {
	Population int    `json:"population"`
	Seed       uint64 `json:"seed"`
	Kernel     string `json:"kernel"`
	// Strategy is the strategy's name; empty is ga (files from before
	// strategies, and today's ga files byte for byte).
	Strategy string `json:"strategy,omitempty"`
	// Island is set for an island of an island run (see IslandSettings).
	Island *IslandSettings `json:"island,omitempty"`
	// Task is the task's name; empty is vertical (whose files stay as
	// they were).
	Task string `json:"task,omitempty"`
	// Scenarios are the flights a run of a 3-D task trains on when they
	// came from a file (-scenarios): a resumed run flies exactly them.
	Scenarios []sim.Scenario `json:"scenarios,omitempty"`
	// Weights are the fitness weights a run of a 3-D task trains with
	// (sim.Task.Weights); nil in files from before they existed (the
	// plain fitness). A run resumes only under the same weights: a
	// strategy's state holds fitness values of the weights it ran with.
	Weights *sim.Weights `json:"weights,omitempty"`
}

type checkpointFile struct {
	Format  string          `json:"format"`
	Version int             `json:"version"`
	SHA256  string          `json:"sha256"`
	Payload json.RawMessage `json:"payload"`
}

type checkpointPayload struct {
	Settings   Settings        `json:"settings"`
	Generation int             `json:"generation"`
	NextID     int64           `json:"next_id"`
	RNG        string          `json:"rng"` // hex of the PCG's MarshalBinary
	Creatures  []checkCreature `json:"creatures"`
	// Shape is ga's creature shape, absent for the vertical one.
	Shape *Shape `json:"shape,omitempty"`
	// CMAES is the state of a cmaes run (absent for ga).
	CMAES *cmaState `json:"cmaes,omitempty"`
}

type checkCreature struct {
	ID        int64      `json:"id"`
	Parent    int64      `json:"parent"`
	Born      int        `json:"born"`
	Evaluated bool       `json:"evaluated"`
	Fitness   hexFloat   `json:"fitness"`
	Coeffs    []hexFloat `json:"coeffs"`
}

// hexFloat is a float64 stored as the hex digits of its bits.
type hexFloat float64

func (f hexFloat) MarshalJSON() ([]byte, error) {
	return fmt.Appendf(nil, `"%016x"`, math.Float64bits(float64(f))), nil
}

func (f *hexFloat) UnmarshalJSON(b []byte) error {
	s, err := strconv.Unquote(string(b))
	if err != nil || len(s) != 16 {
		return fmt.Errorf("float %s is not 16 hex digits", b)
	}
	bits, err := strconv.ParseUint(s, 16, 64)
	if err != nil {
		return fmt.Errorf("float %s is not 16 hex digits", b)
	}
	*f = hexFloat(math.Float64frombits(bits))
	return nil
}

// MarshalCheckpoint returns the whole state of the run: population,
// fitness, ids, generation, the generator's state and the settings.
func (u *Universe) MarshalCheckpoint(s Settings) ([]byte, error) {
	p, err := newPayload(s, u.pcg, u.Generation, u.NextID, u.Pop)
	if err != nil {
		return nil, err
	}
	if sh := u.Shape(); sh != VerticalShape {
		p.Shape = &sh
	}
	return marshalPayload(p)
}

// newPayload fills the parts every strategy's checkpoint has.
func newPayload(s Settings, pcg *rand.PCG, gen int, nextID int64, pop []Creature) (*checkpointPayload, error) {
	rng, err := pcg.MarshalBinary()
	if err != nil {
		return nil, err
	}
	p := &checkpointPayload{Settings: s, Generation: gen, NextID: nextID, RNG: hex.EncodeToString(rng)}
	p.Creatures = make([]checkCreature, len(pop))
	for i := range pop {
		p.Creatures[i] = toCheckCreature(&pop[i])
	}
	return p, nil
}

func toCheckCreature(c *Creature) checkCreature {
	return checkCreature{ID: c.ID, Parent: c.Parent, Born: c.Born, Evaluated: c.Evaluated,
		Fitness: hexFloat(c.Fitness), Coeffs: toHex(c.Coeffs)}
}

func toHex(x []float64) []hexFloat {
	h := make([]hexFloat, len(x))
	for i, v := range x {
		h[i] = hexFloat(v)
	}
	return h
}

// fromHex copies h into x, which must have h's length.
func fromHex(x []float64, h []hexFloat, what string) error {
	if len(h) != len(x) {
		return fmt.Errorf("%s has %d numbers, want %d", what, len(h), len(x))
	}
	for i, v := range h {
		x[i] = float64(v)
	}
	return nil
}

// marshalPayload wraps the payload in the checkpoint's envelope.
func marshalPayload(p *checkpointPayload) ([]byte, error) {
	payload, err := json.Marshal(p)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(payload)
	out, err := json.Marshal(checkpointFile{Format: CheckpointFormat, Version: CheckpointVersion,
		SHA256: hex.EncodeToString(sum[:]), Payload: payload})
	return append(out, '\n'), err
}

// ResumeCheckpoint rebuilds the universe and settings of a ga checkpoint.
// A file of another format or version, cut short or edited is an error.
func ResumeCheckpoint(data []byte) (*Universe, Settings, error) {
	s, set, err := ResumeStrategy(data)
	if err != nil {
		return nil, Settings{}, err
	}
	u, ok := s.(*Universe)
	if !ok {
		return nil, Settings{}, fmt.Errorf("checkpoint of a %s run, not ga", s.Name())
	}
	return u, set, nil
}

// ResumeStrategy rebuilds the strategy (ga or cmaes) and settings a
// checkpoint holds. A file of another format or version, cut short or
// edited is an error.
func ResumeStrategy(data []byte) (Strategy, Settings, error) {
	p, err := decodeCheckpoint(data)
	if err != nil {
		return nil, Settings{}, err
	}
	var s Strategy
	switch p.Settings.Strategy {
	case "", "ga":
		if p.CMAES != nil {
			return nil, Settings{}, errors.New("inconsistent checkpoint: cmaes state in a ga run")
		}
		s, err = p.universe()
	case "cmaes":
		s, err = p.cmaes()
	default:
		return nil, Settings{}, fmt.Errorf("checkpoint of unknown strategy %q", p.Settings.Strategy)
	}
	if err == nil {
		err = checkTask(p.Settings.Task, s)
	}
	if err != nil {
		return nil, Settings{}, fmt.Errorf("inconsistent checkpoint: %w", err)
	}
	return s, p.Settings, nil
}

// checkTask checks that the strategy's creatures have the task's shape.
func checkTask(name string, s Strategy) error {
	t, err := sim.TaskByName(name)
	if err != nil || (name != "" && t.Name != name) {
		return fmt.Errorf("task %q", name)
	}
	if n := len(s.Population()[0].Coeffs); n != t.Shape.Len() {
		return fmt.Errorf("creatures of %d coefficients for task %s (%d)", n, t.Name, t.Shape.Len())
	}
	if u, ok := s.(*Universe); ok && u.nconst != t.Shape.Rows() {
		return fmt.Errorf("%d constants for task %s (%d)", u.nconst, t.Name, t.Shape.Rows())
	}
	return nil
}

// decodeCheckpoint checks the envelope and decodes the payload.
func decodeCheckpoint(data []byte) (*checkpointPayload, error) {
	if !bytes.HasPrefix(data, []byte("{")) {
		return nil, errors.New("not an evocopter checkpoint")
	}
	if !bytes.HasSuffix(data, []byte("}\n")) {
		return nil, errors.New("checkpoint is truncated (it does not end with its closing line)")
	}
	var f checkpointFile
	if err := strictDecode(data, &f); err != nil {
		return nil, fmt.Errorf("damaged checkpoint: %w", err)
	}
	if f.Format != CheckpointFormat {
		return nil, fmt.Errorf("not an evocopter checkpoint (format %q)", f.Format)
	}
	if f.Version != CheckpointVersion {
		return nil, fmt.Errorf("checkpoint format version %d; this evolve reads version %d", f.Version, CheckpointVersion)
	}
	sum := sha256.Sum256(f.Payload)
	if hex.EncodeToString(sum[:]) != f.SHA256 {
		return nil, errors.New("checkpoint is damaged or was edited (its SHA-256 does not match)")
	}
	var p checkpointPayload
	if err := strictDecode(f.Payload, &p); err != nil {
		return nil, fmt.Errorf("damaged checkpoint: %w", err)
	}
	return &p, nil
}

func (p *checkpointPayload) universe() (*Universe, error) {
	n := len(p.Creatures)
	if n < 2 || n != p.Settings.Population {
		return nil, fmt.Errorf("%d creatures for a population of %d", n, p.Settings.Population)
	}
	shape := VerticalShape
	if p.Shape != nil {
		if *p.Shape == VerticalShape {
			return nil, errors.New("the vertical shape written out")
		}
		shape = *p.Shape
	}
	if err := shape.check(); err != nil {
		return nil, err
	}
	pcg, err := p.generator()
	if err != nil {
		return nil, err
	}
	u := newUniverse(p.Settings.Seed, pcg, shape, n)
	u.Generation, u.NextID = p.Generation, p.NextID
	if err := p.creatures(u.Pop); err != nil {
		return nil, err
	}
	return u, nil
}

// generator restores the PCG and checks the generation.
func (p *checkpointPayload) generator() (*rand.PCG, error) {
	if p.Generation < 1 {
		return nil, fmt.Errorf("generation %d", p.Generation)
	}
	rng, err := hex.DecodeString(p.RNG)
	if err != nil {
		return nil, errors.New("generator state is not hex")
	}
	pcg := new(rand.PCG)
	if err := pcg.UnmarshalBinary(rng); err != nil {
		return nil, fmt.Errorf("generator state: %w", err)
	}
	return pcg, nil
}

// creatures checks the stored creatures and copies them into pop, whose
// Coeffs are in place with the right length.
func (p *checkpointPayload) creatures(pop []Creature) error {
	ids := make(map[int64]bool, len(pop))
	for i, cc := range p.Creatures {
		if err := p.checkCreature(cc, ids); err != nil {
			return fmt.Errorf("creature %d: %v", i, err)
		}
		c := Creature{ID: cc.ID, Parent: cc.Parent, Born: cc.Born, Evaluated: cc.Evaluated, Fitness: float64(cc.Fitness), Coeffs: pop[i].Coeffs}
		if err := fromHex(c.Coeffs, cc.Coeffs, "coefficients"); err != nil {
			return fmt.Errorf("creature %d (id %d): %v", i, cc.ID, err)
		}
		pop[i] = c
	}
	return nil
}

// checkCreature checks one creature's bookkeeping (ids is nil for one
// that need not be unique in the population, the best ever).
func (p *checkpointPayload) checkCreature(cc checkCreature, ids map[int64]bool) error {
	if cc.ID < 1 || cc.ID >= p.NextID || (ids != nil && ids[cc.ID]) {
		return fmt.Errorf("bad or repeated id %d", cc.ID)
	}
	if cc.Born < 1 || cc.Born > p.Generation || cc.Parent < 0 || cc.Parent >= cc.ID {
		return fmt.Errorf("id %d: born %d, parent %d", cc.ID, cc.Born, cc.Parent)
	}
	if ids != nil {
		ids[cc.ID] = true
	}
	return nil
}

// strictDecode decodes exactly one JSON value with no unknown fields.
func strictDecode(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("trailing data")
	}
	return nil
}
