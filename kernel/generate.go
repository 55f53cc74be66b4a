package kernel

// make generate runs these: the portable kernels with the tier table and
// dispatch (internal/gen/gengo), then the amd64 assembly with its Go
// declarations (the avo program in kernel/asm, its own module). All of them
// come from the kernel descriptions and ISAs of internal/gen.

//go:generate go run ../internal/gen/gengo -dir .
//go:generate go run -C asm . -out ../kernel_amd64.s -gostubs ../kernel_amd64.go -pkg kernel
