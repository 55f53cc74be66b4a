package main

import (
	"fmt"
	"os"
	"strconv"

	"github.com/evocopter/evocopter/evolve"
)

// runLog appends one JSON line per generation:
//
//	{"generation":1,"min":11715.24,"avg":78009.18,"max":132560.05,"evaluated":500,"seconds":0.03}
//
// Numbers are Go's shortest round-trip form (exact); a NaN or infinite
// fitness is written as null.
type runLog struct {
	f    *os.File
	path string
}

func openRunLog(path string) (*runLog, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("-log: %w", err)
	}
	return &runLog{f: f, path: path}, nil
}

// write appends one generation's line with a single write.
func (l *runLog) write(gen int, st evolve.Stats, evaluated int, secs float64) error {
	b := fmt.Appendf(nil, `{"generation":%d,"min":%s,"avg":%s,"max":%s,"evaluated":%d,"seconds":%s}`+"\n",
		gen, jsonFloat(st.Min), jsonFloat(st.Avg), jsonFloat(st.Max), evaluated, jsonFloat(secs))
	if _, err := l.f.Write(b); err != nil {
		return fmt.Errorf("writing %s: %w", l.path, err)
	}
	return nil
}

func (l *runLog) Close() error { return l.f.Close() }

func jsonFloat(x float64) string {
	if x != x || x > 1.7976931348623157e308 || x < -1.7976931348623157e308 {
		return "null"
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}
