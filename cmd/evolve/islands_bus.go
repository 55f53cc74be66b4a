package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"regexp"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// The islands of a run talk through one JetStream stream, "evocopter_RUN",
// holding the subjects
//
//	evocopter.RUN.settings               the run's settings (the first island writes them)
//	evocopter.RUN.migrants.EPOCH.ISLAND  the migrants island ISLAND sent in epoch EPOCH
//	evocopter.RUN.best.GEN.ISLAND        island ISLAND's best creature after generation GEN
//
// Every subject is written once: a message is published only if its
// subject holds none yet, and a second publication (an island replaying
// generations after a restart) must carry the same bytes, which the
// islands' determinism guarantees; different bytes mean two runs share a
// name. Messages are kept (file storage, no age limit), so an island
// resumed from an old checkpoint reads again what it read before.

// runNameRE is what a run name may be: it becomes part of a stream name
// and of subjects.
var runNameRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// bus is one island's connection to the run's stream.
type bus struct {
	nc     *nats.Conn
	js     jetstream.JetStream
	stream jetstream.Stream
	run    string
	url    string
	// wait bounds every wait: for the server, and for migrants.
	wait time.Duration
	// warn gets one line when the server is lost, and one when it is back.
	warn func(string)
}

// connectBus connects to the NATS server at url, waiting up to wait for it
// to answer, and opens (or creates) the run's stream.
func connectBus(ctx context.Context, url, run string, wait time.Duration, warn func(string)) (*bus, error) {
	b := &bus{run: run, url: url, wait: wait, warn: warn}
	var lost atomic.Bool
	opts := []nats.Option{
		nats.Name("evocopter " + run),
		nats.Timeout(min(wait, 5*time.Second)),
		nats.MaxReconnects(-1), // our own deadlines bound every wait
		nats.ReconnectWait(250 * time.Millisecond),
		nats.DisconnectErrHandler(func(nc *nats.Conn, err error) {
			if !nc.IsClosed() && !lost.Swap(true) {
				warn(fmt.Sprintf("lost the NATS server at %s; reconnecting (waiting up to %v)", url, wait))
			}
		}),
		nats.ReconnectHandler(func(*nats.Conn) {
			if lost.Swap(false) {
				warn(fmt.Sprintf("reconnected to the NATS server at %s", url))
			}
		}),
	}
	deadline := time.Now().Add(wait)
	var err error
	for {
		if b.nc, err = nats.Connect(url, opts...); err == nil {
			break
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return nil, fmt.Errorf("cannot reach the NATS server at %s (waited %v): %v", url, wait, err)
		}
		select {
		case <-ctx.Done():
		case <-time.After(250 * time.Millisecond):
		}
	}
	if b.js, err = jetstream.New(b.nc); err != nil {
		b.nc.Close()
		return nil, err
	}
	cfg := jetstream.StreamConfig{
		Name:        "evocopter_" + run,
		Description: "evocopter island run " + run,
		Subjects:    []string{b.subject(">")},
		Storage:     jetstream.FileStorage,
		Retention:   jetstream.LimitsPolicy,
	}
	err = b.retry(ctx, "opening the run's stream", func(ctx context.Context) error {
		s, err := b.js.CreateStream(ctx, cfg)
		if errors.Is(err, jetstream.ErrStreamNameAlreadyInUse) {
			s, err = b.js.Stream(ctx, cfg.Name)
		}
		b.stream = s
		return err
	})
	if err != nil {
		b.nc.Close()
		return nil, err
	}
	return b, nil
}

func (b *bus) subject(rest string) string { return "evocopter." + b.run + "." + rest }

func (b *bus) Close() { b.nc.Close() }

// retry runs f until it succeeds, ctx ends or b.wait has passed. An
// answer ends it at once: errNotYet, or a JetStream "bad request" (the
// server said no; "not found" and "unavailable" are retried, as a
// restarted server answers them while it recovers its streams).
func (b *bus) retry(ctx context.Context, what string, f func(context.Context) error) error {
	deadline := time.Now().Add(b.wait)
	pause := 50 * time.Millisecond
	for {
		cctx, cancel := context.WithTimeout(ctx, min(b.wait, 5*time.Second))
		err := f(cctx)
		cancel()
		if err == nil || refused(err) || errors.Is(err, errNotYet) || ctx.Err() != nil {
			if err != nil && ctx.Err() != nil {
				err = ctx.Err()
			}
			return err
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s: no answer from the NATS server at %s in %v: %v", what, b.url, b.wait, err)
		}
		select {
		case <-ctx.Done():
		case <-time.After(pause):
		}
		pause = min(2*pause, time.Second)
	}
}

// publishOnce stores data on subject unless the subject holds a message
// already, which must then be data.
func (b *bus) publishOnce(ctx context.Context, subject string, data []byte) error {
	return b.retry(ctx, "publishing "+subject, func(ctx context.Context) error {
		_, err := b.js.Publish(ctx, subject, data, jetstream.WithExpectLastSequencePerSubject(0))
		if !isWrongLastSequence(err) {
			return err
		}
		m, err := b.stream.GetLastMsgForSubject(ctx, subject)
		if err != nil {
			return err
		}
		if !bytes.Equal(m.Data, data) {
			return fmt.Errorf("%s holds another message (%w): does another run have the name %q? Choose another -run (or -store)", subject, errOtherRun, b.run)
		}
		return nil
	})
}

func isWrongLastSequence(err error) bool {
	a := apiError(err)
	return a != nil && (a.ErrorCode == jetstream.JSErrCodeStreamWrongLastSequence ||
		a.ErrorCode == jetstream.JSErrCodeStreamWrongLastSequenceConstant)
}

// refused reports whether err is the server's final no (a bad request),
// or our own finding that the stream holds another run's message.
func refused(err error) bool {
	a := apiError(err)
	return a != nil && a.Code == 400 || errors.Is(err, errOtherRun)
}

func apiError(err error) *jetstream.APIError {
	var je jetstream.JetStreamError
	if errors.As(err, &je) {
		return je.APIError()
	}
	return nil
}

// errOtherRun is a subject holding a message this run did not write.
var errOtherRun = errors.New("another run wrote it")

// errNotYet is a message that has not arrived within the wait.
var errNotYet = errors.New("not there yet")

// receive returns the message on subject, waiting up to b.wait for it.
// who names the sender in the error of a wait that ran out.
func (b *bus) receive(ctx context.Context, subject, who string) ([]byte, error) {
	// A plain subscription wakes the wait: JetStream delivers a stored
	// message to the subscribers of its subject too.
	wake := make(chan struct{}, 1)
	sub, err := b.nc.Subscribe(subject, func(*nats.Msg) {
		select {
		case wake <- struct{}{}:
		default:
		}
	})
	if err == nil {
		defer sub.Unsubscribe()
	} // else: no wake-ups, the wait below looks again every second
	deadline := time.Now().Add(b.wait)
	for {
		var data []byte
		err := b.retry(ctx, "reading "+subject, func(ctx context.Context) error {
			m, err := b.stream.GetLastMsgForSubject(ctx, subject)
			if errors.Is(err, jetstream.ErrMsgNotFound) {
				return errNotYet
			}
			if err == nil {
				data = m.Data
			}
			return err
		})
		if !errors.Is(err, errNotYet) {
			return data, err
		}
		left := time.Until(deadline)
		if left <= 0 {
			return nil, fmt.Errorf("waited %v for %s: is %s running?", b.wait, subject, who)
		}
		// Woken by the arrival, or look again after a second in case the
		// arrival came while the connection was down.
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-wake:
		case <-time.After(min(left, time.Second)):
		}
	}
}
