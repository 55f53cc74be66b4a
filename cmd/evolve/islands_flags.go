package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/evocopter/evocopter/evolve"
	"github.com/evocopter/evocopter/sim"
)

// islandFlags are the flags `islands` and `island` share: the experiment's
// and the migration's.
type islandFlags struct {
	fs           *flag.FlagSet
	p            int
	generations  int
	seed         uint64
	ef           *evalFlags
	dir          string
	checkpoint   string
	ckEvery      int
	resume       string
	cont         bool
	logPath      string
	dbPath       string
	run          string
	migrateEvery int
	migrants     int
	wait         time.Duration
	force        bool
	tf           *taskFlags
	task         *sim.Task
	scenarios    []sim.Scenario
	strategy     string
	set          map[string]bool
}

func addIslandFlags(fs *flag.FlagSet, defaultRun string) *islandFlags {
	f := &islandFlags{fs: fs}
	fs.IntVar(&f.p, "n", 500, "population size of each island (at least 2)")
	fs.IntVar(&f.generations, "generations", 0, "generations to run, counting a resumed run's earlier ones (0: until interrupted)")
	fs.Uint64Var(&f.seed, "seed", 1, "the run's random seed; island I's seed derives from it and I")
	f.ef = addEvalFlags(fs)
	fs.StringVar(&f.dir, "dir", ".", "folder for the best creature's JSON file")
	fs.StringVar(&f.checkpoint, "checkpoint", "", "save each island to `FILE` with .islandI before its extension, every -checkpoint-every generations and at the end")
	fs.IntVar(&f.ckEvery, "checkpoint-every", 10, "generations between checkpoints")
	fs.StringVar(&f.resume, "resume", "", "continue the islands saved in checkpoint `FILE` (each island reads its .islandI file)")
	fs.BoolVar(&f.cont, "continue", false, "resume from -checkpoint's files if they exist, else start (for restarted pods and requeued jobs)")
	fs.StringVar(&f.logPath, "log", "", "append one JSON line per generation to `FILE` (.islandI per island)")
	fs.StringVar(&f.dbPath, "db", "", "record every creature in the SQLite database `FILE` (.islandI per island)")
	fs.StringVar(&f.run, "run", defaultRun, "the run's `NAME`: its stream on the NATS server (letters, digits, - and _)")
	fs.IntVar(&f.migrateEvery, "migrate-every", 10, "generations between migrations")
	fs.IntVar(&f.migrants, "migrants", 5, "creatures each island sends to the next at a migration (0: none; at most half the population)")
	f.tf = addTaskFlags(fs)
	fs.StringVar(&f.strategy, "strategy", "ga", "the evolution strategy: islands exchange creatures, so ga (cmaes has no population to exchange)")
	fs.BoolVar(&f.force, "force", false, "replace a -checkpoint file that is not the resumed island's, and append to a -log file that is not this run's log")
	fs.DurationVar(&f.wait, "wait", 10*time.Minute, "the longest wait for the NATS server or for a neighbour's migrants")
	return f
}

// parse parses the flags and checks the ones that do not depend on a
// checkpoint.
func (f *islandFlags) parse(args []string, stdout io.Writer) error {
	pos, err := parseFlags(f.fs, args, stdout)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q (see -h)", pos[0])
	}
	f.set = map[string]bool{}
	f.fs.Visit(func(fl *flag.Flag) { f.set[fl.Name] = true })
	switch {
	case f.generations < 0:
		return usagef("-generations must be >= 0, got %d", f.generations)
	case f.ckEvery < 1:
		return usagef("-checkpoint-every must be >= 1, got %d", f.ckEvery)
	case f.migrateEvery < 1:
		return usagef("-migrate-every must be >= 1, got %d", f.migrateEvery)
	case f.migrants < 0:
		return usagef("-migrants must be >= 0, got %d", f.migrants)
	case f.strategy != "ga":
		return usagef("-strategy %s: islands use the ga strategy (they exchange creatures; cmaes has one search distribution, not a population)", f.strategy)
	case f.wait <= 0:
		return usagef("-wait must be positive, got %v", f.wait)
	case !runNameRE.MatchString(f.run):
		return usagef("-run %q: a name of 1 to 64 letters, digits, - and _", f.run)
	case f.resume != "" && f.cont:
		return usagef("-resume and -continue: give one")
	case f.cont && f.checkpoint == "":
		return usagef("-continue needs -checkpoint FILE")
	case f.set["checkpoint-every"] && f.checkpoint == "" && f.resume == "":
		return usagef("-checkpoint-every needs -checkpoint FILE (or -resume FILE)")
	}
	if err := checkDir(f.dir); err != nil {
		return usageError{err}
	}
	f.task, f.scenarios, err = f.tf.resolve()
	return err
}

// taskName is a checkpoint's task name ("" is vertical).
func taskName(name string) string {
	if name == "" {
		return sim.Vertical.Name
	}
	return name
}

// scenariosDigest names a set of scenarios: "" when drawn from the seed,
// else the SHA-256 of their JSON.
func scenariosDigest(sc []sim.Scenario) string {
	if sc == nil {
		return ""
	}
	data, err := json.Marshal(sc)
	if err != nil {
		return "unreadable"
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:8])
}

func taskNames() string {
	var names []string
	for _, t := range sim.Tasks() {
		names = append(names, t.Name)
	}
	return strings.Join(names, "|")
}

// islandPath is path with ".islandI" before its extension: the file of
// island i (every island of a Kubernetes Job gets the same flags).
func islandPath(path string, i int) string {
	if path == "" {
		return ""
	}
	ext := filepath.Ext(path)
	return fmt.Sprintf("%s.island%d%s", strings.TrimSuffix(path, ext), i, ext)
}

// resumeFile is the checkpoint island i resumes from, "" for a new start.
func (f *islandFlags) resumeFile(i int) string {
	if f.resume != "" {
		return islandPath(f.resume, i)
	}
	if f.cont {
		if p := islandPath(f.checkpoint, i); fileExists(p) {
			return p
		}
	}
	return ""
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// runSettings are what every island of a run must agree on; the first
// island to start puts them on the stream and the others check them.
type runSettings struct {
	Task         string `json:"task"`
	Scenarios    string `json:"scenarios,omitempty"` // SHA-256 of -scenarios' flights
	Strategy     string `json:"strategy"`
	Population   int    `json:"population"`
	Seed         uint64 `json:"seed"`
	Islands      int    `json:"islands"`
	MigrateEvery int    `json:"migrate_every"`
	Migrants     int    `json:"migrants"`
}

func (s runSettings) String() string {
	return fmt.Sprintf("-n %d -seed %d -k %d -migrate-every %d -migrants %d", s.Population, s.Seed, s.Islands, s.MigrateEvery, s.Migrants)
}

// agree puts the run's settings on the stream, or checks them against the
// ones there.
func (s runSettings) agree(b *bus) error {
	data, err := json.Marshal(s)
	if err != nil {
		return err
	}
	subject := b.subject("settings")
	err = b.publishOnce(context.Background(), subject, data)
	if errors.Is(err, errOtherRun) {
		var there runSettings
		if m, gerr := b.stream.GetLastMsgForSubject(context.Background(), subject); gerr == nil && json.Unmarshal(m.Data, &there) == nil {
			return usagef("run %q was started with %v, this island has %v (choose another -run for another run)", b.run, there, s)
		}
	}
	return err
}

// openIsland prepares island i of a run of k: its universe (new, or the
// one of its checkpoint), evaluator and files. Flags given with a
// checkpoint must agree with it; those not given are taken from it.
func (f *islandFlags) openIsland(i, k int, workers int) (*island, error) {
	is := &island{index: i, of: k, run: f.run, generations: f.generations, migrateEvery: f.migrateEvery,
		migrants: f.migrants, gate: nil, ckEvery: f.ckEvery, checkpoint: islandPath(f.checkpoint, i)}
	ef := *f.ef
	ef.workers = workers
	if from := f.resumeFile(i); from != "" {
		st, s, err := readCheckpoint(from)
		if err != nil {
			return nil, usageError{err}
		}
		u, ok := st.(*evolve.Universe)
		if !ok {
			return nil, usagef("-resume %s: a %s run; islands run ga only", from, st.Name())
		}
		if err := f.agreeWithCheckpoint(from, s, i, k); err != nil {
			return nil, err
		}
		is.u, is.settings, is.resumed = u, s, true
		is.migrateEvery, is.migrants = s.Island.MigrateEvery, s.Island.Migrants
		if !f.set["kernel"] && !f.set["creature"] {
			ef.kernel = s.Kernel
		}
		if is.checkpoint == "" {
			is.checkpoint = from
		}
	} else {
		if f.migrants > f.p/2 {
			return nil, usagef("-migrants %d: at most half of the population (-n %d)", f.migrants, f.p)
		}
		task := f.task
		shape := evolve.Shape{Coeffs: task.Shape.Len(), Constants: task.Shape.Rows()}
		u, err := evolve.NewShaped(f.p, evolve.IslandSeed(f.seed, i), shape)
		if err != nil {
			return nil, usagef("-n: %v", err)
		}
		is.u = u
		is.settings = evolve.Settings{Population: f.p, Seed: u.Seed(), Scenarios: f.scenarios, Island: &evolve.IslandSettings{
			Run: f.run, Island: i, Of: k, RunSeed: f.seed, MigrateEvery: f.migrateEvery, Migrants: f.migrants}}
		if task != sim.Vertical {
			is.settings.Task = task.Name
		}
		is.settings.Weights = weightsSetting(task)
	}
	var err error
	if is.task, err = sim.TaskByName(is.settings.Task); err != nil {
		return nil, usagef("island %d: %v", i, err)
	}
	if is.resumed {
		if err := checkResumedWeights(f.resumeFile(i), is.settings, is.task); err != nil {
			return nil, err
		}
	}
	if sh := is.u.Shape(); sh.Coeffs != is.task.Shape.Len() {
		return nil, usagef("island %d: creatures of %d coefficients for the task %s", i, sh.Coeffs, is.task.Name)
	}
	// Every island flies the same flights (-scenarios, or drawn from the
	// run's seed): a migrant's fitness means the same on every island.
	if is.ev, err = newTaskEvaluator(is.task, &ef, is.settings.Scenarios, f.seed); err != nil {
		return nil, err
	}
	is.settings.Kernel = ef.name()
	if is.checkpoint != "" {
		if is.ck, err = checkCheckpointOutput(is.checkpoint, f.resumeFile(i), f.force); err != nil {
			return nil, err
		}
	}
	if f.logPath != "" {
		if is.log, err = openRunLog(islandPath(f.logPath, i), is.resumed, f.force); err != nil {
			return nil, err
		}
	}
	if f.dbPath != "" {
		if is.hist, err = openHistory(islandPath(f.dbPath, i), is.u, is.resumed); err != nil {
			is.close()
			return nil, err
		}
	}
	return is, nil
}

// agreeWithCheckpoint checks the flags given against island i's
// checkpoint s (read from path) and takes the run's settings from it.
func (f *islandFlags) agreeWithCheckpoint(path string, s evolve.Settings, i, k int) error {
	is := s.Island
	if is == nil {
		return usagef("-resume %s: not an island's checkpoint (resume it with evolve -resume)", path)
	}
	if is.Island != i || is.Of != k {
		return usagef("-resume %s: the checkpoint of island %d of %d, not of island %d of %d", path, is.Island, is.Of, i, k)
	}
	checks := []struct {
		flag       string
		given, has any
	}{
		{"n", f.p, s.Population}, {"seed", f.seed, is.RunSeed}, {"run", f.run, is.Run},
		{"migrate-every", f.migrateEvery, is.MigrateEvery}, {"migrants", f.migrants, is.Migrants},
		{"task", f.task.Name, taskName(s.Task)},
		{"scenarios", scenariosDigest(f.scenarios), scenariosDigest(s.Scenarios)},
	}
	for _, c := range checks {
		if f.set[c.flag] && c.given != c.has {
			return usagef("-%s %v, but %s holds a run with -%s %v", c.flag, c.given, path, c.flag, c.has)
		}
	}
	f.p, f.seed, f.run, f.migrateEvery, f.migrants, f.scenarios = s.Population, is.RunSeed, is.Run, is.MigrateEvery, is.Migrants, s.Scenarios
	f.task, _ = sim.TaskByName(s.Task)
	return nil
}

// settings are the run's settings as this island sees them.
func (f *islandFlags) runSettings(k int) runSettings {
	return runSettings{Task: f.task.Name, Scenarios: scenariosDigest(f.scenarios), Strategy: "ga", Population: f.p, Seed: f.seed, Islands: k,
		MigrateEvery: f.migrateEvery, Migrants: f.migrants}
}

// close closes the island's files.
func (is *island) close() error {
	var err error
	if is.log != nil {
		err = is.log.Close()
	}
	if is.hist != nil {
		if herr := is.hist.Close(); err == nil {
			err = herr
		}
	}
	return err
}
