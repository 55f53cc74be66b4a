package sim

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
)

// Scenario is one flight of a 3-D task: start at Start with the attitude
// Attitude, hold Setpoint until Seconds have passed. Positions are
// [x, y, altitude] in metres (altitude up, x and y the model's horizontal
// axes); Attitude is [roll, pitch, yaw] in radians.
type Scenario struct {
	Start    [3]float64
	Setpoint [3]float64
	Seconds  float64
	Attitude [3]float64
}

// Bounds of a scenario file: a wrong file is refused before it is read
// into memory or flown for days.
const (
	MaxScenarioFile    = 16 << 20 // bytes
	MaxScenarios       = 100000
	MaxScenarioSeconds = 3600 // one hour of flight, 360,000 steps
	MaxScenarioMetres  = 1e6  // |x|, |y|, altitude
	MaxStartYaw        = 2 * math.Pi
)

// scenarioJSON is the file form; pointers tell a missing number from 0.
type scenarioJSON struct {
	Start    []*float64 `json:"start"`
	Setpoint []*float64 `json:"setpoint"`
	Seconds  *float64   `json:"seconds"`
	Attitude []*float64 `json:"attitude,omitempty"`
}

// MarshalJSON writes the file form.
func (s Scenario) MarshalJSON() ([]byte, error) {
	type plain struct {
		Start    [3]float64 `json:"start"`
		Setpoint [3]float64 `json:"setpoint"`
		Seconds  float64    `json:"seconds"`
		Attitude [3]float64 `json:"attitude"`
	}
	return json.Marshal(plain(s))
}

// Validate says what is wrong with a scenario, or nil.
func (s Scenario) Validate() error {
	for i, v := range s.Start {
		if err := checkMetres("start", i, v); err != nil {
			return err
		}
	}
	for i, v := range s.Setpoint {
		if err := checkMetres("setpoint", i, v); err != nil {
			return err
		}
	}
	if !(s.Setpoint[2] > 0) {
		return fmt.Errorf("setpoint altitude must be above the ground (> 0), got %v", s.Setpoint[2])
	}
	if !(s.Seconds > 0 && s.Seconds <= MaxScenarioSeconds) {
		return fmt.Errorf("seconds must be > 0 and at most %d, got %v", MaxScenarioSeconds, s.Seconds)
	}
	for i, v := range s.Attitude[:2] {
		if !(math.Abs(v) < FlipAngle) {
			return fmt.Errorf("attitude %s must be within ±%v rad (beyond it the flight starts crashed), got %v",
				attitudeNames[i], FlipAngle, v)
		}
	}
	if !(math.Abs(s.Attitude[2]) <= MaxStartYaw) {
		return fmt.Errorf("attitude yaw must be within ±2π rad, got %v", s.Attitude[2])
	}
	return nil
}

var (
	attitudeNames = [3]string{"roll", "pitch", "yaw"}
	positionNames = [3]string{"x", "y", "altitude"}
)

func checkMetres(field string, i int, v float64) error {
	if !(math.Abs(v) <= MaxScenarioMetres) {
		return fmt.Errorf("%s %s must be a number within ±%g m, got %v", field, positionNames[i], MaxScenarioMetres, v)
	}
	if i == 2 && v < 0 {
		return fmt.Errorf("%s altitude must be >= 0 (altitude is up), got %v", field, v)
	}
	return nil
}

// UnmarshalJSON reads the file form and validates it.
func (s *Scenario) UnmarshalJSON(b []byte) error {
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		return errors.New("scenario is null")
	}
	var j scenarioJSON
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&j); err != nil {
		return err
	}
	var out Scenario
	for _, f := range []struct {
		name string
		from []*float64
		to   *[3]float64
		need bool
	}{
		{"start", j.Start, &out.Start, true},
		{"setpoint", j.Setpoint, &out.Setpoint, true},
		{"attitude", j.Attitude, &out.Attitude, false},
	} {
		if f.from == nil {
			if f.need {
				return fmt.Errorf("missing %q", f.name)
			}
			continue
		}
		if len(f.from) != 3 {
			return fmt.Errorf("%q has %d numbers, want 3", f.name, len(f.from))
		}
		for i, v := range f.from {
			if v == nil {
				return fmt.Errorf("%q entry %d is null, want a number", f.name, i)
			}
			f.to[i] = *v
		}
	}
	if j.Seconds == nil {
		return errors.New(`missing "seconds"`)
	}
	out.Seconds = *j.Seconds
	if err := out.Validate(); err != nil {
		return err
	}
	*s = out
	return nil
}

// ParseScenarios parses a JSON array of scenarios:
//
//	[{"start":[x,y,alt],"setpoint":[x,y,alt],"seconds":T,"attitude":[roll,pitch,yaw]}]
//
// attitude is optional (default 0). Every scenario is validated; the error
// names the first bad one.
func ParseScenarios(data []byte) ([]Scenario, error) {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return nil, errors.New("empty file, want a JSON array of scenarios")
	}
	if trimmed[0] != '[' {
		return nil, errors.New(`not a JSON array: want [{"start":[x,y,alt],"setpoint":[x,y,alt],"seconds":T}, ...]`)
	}
	var raw []json.RawMessage
	if err := strictUnmarshal(trimmed, &raw); err != nil {
		return nil, err
	}
	if len(raw) == 0 {
		return nil, errors.New("empty array, want at least one scenario")
	}
	if len(raw) > MaxScenarios {
		return nil, fmt.Errorf("%d scenarios, at most %d", len(raw), MaxScenarios)
	}
	out := make([]Scenario, len(raw))
	for i, r := range raw {
		if err := json.Unmarshal(r, &out[i]); err != nil {
			return nil, fmt.Errorf("scenario %d: %w", i+1, describeJSONError(r, err))
		}
	}
	return out, nil
}

// ReadScenarioFile reads a scenario file; errors name the file.
func ReadScenarioFile(path string) ([]Scenario, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return nil, fmt.Errorf("%s: is a folder, want a scenario file", path)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxScenarioFile+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(data) > MaxScenarioFile {
		return nil, fmt.Errorf("%s: larger than %d MiB, too big for a scenario file", path, MaxScenarioFile>>20)
	}
	sc, err := ParseScenarios(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return sc, nil
}
