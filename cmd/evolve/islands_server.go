package main

import (
	"fmt"
	"os"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// embeddedServer is the NATS server `evolve islands` runs for its islands:
// JetStream with its file store in storeDir, listening on a free port of
// the loopback interface only, no logging, no signal handlers (the
// command handles Ctrl-C).
type embeddedServer struct {
	s *server.Server
}

// startEmbeddedServer starts the server on port (-1: a free one) and waits
// until it accepts connections.
func startEmbeddedServer(storeDir string, port int) (*embeddedServer, error) {
	opts := &server.Options{
		ServerName: "evocopter-islands",
		Host:       "127.0.0.1",
		Port:       port,
		JetStream:  true,
		StoreDir:   storeDir,
		NoLog:      true,
		NoSigs:     true,
		// The migrants are small; no limit needs to be near the machine's.
		JetStreamMaxMemory: 64 << 20,
		JetStreamMaxStore:  1 << 30,
	}
	s, err := server.NewServer(opts)
	if err != nil {
		return nil, fmt.Errorf("NATS server: %v", err)
	}
	go s.Start()
	if !s.ReadyForConnections(30 * time.Second) {
		s.Shutdown()
		return nil, fmt.Errorf("NATS server with its store in %s did not start in 30s", storeDir)
	}
	return &embeddedServer{s: s}, nil
}

// URL is where clients connect.
func (e *embeddedServer) URL() string { return e.s.ClientURL() }

// Shutdown stops the server and waits until its store is closed.
func (e *embeddedServer) Shutdown() {
	e.s.Shutdown()
	e.s.WaitForShutdown()
}

// tempStore makes a temporary folder for a store that need not outlive the
// run, and returns it with the function that removes it.
func tempStore() (string, func(), error) {
	dir, err := os.MkdirTemp("", "evolve-islands-")
	if err != nil {
		return "", nil, fmt.Errorf("temporary store: %v", err)
	}
	return dir, func() { os.RemoveAll(dir) }, nil
}
