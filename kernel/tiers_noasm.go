//go:build !amd64 || purego || !gc

package kernel

// No assembly in this build: soa is the only tier.
var asmImpls []*impl
