package main

import (
	"os"

	"github.com/evocopter/evocopter/kernel"
)

// envKernel is the value of the kernel environment variable.
func envKernel() string { return os.Getenv(kernel.EnvVar) }
