package kernel_test

import (
	"reflect"
	"testing"
	"unsafe"

	"github.com/evocopter/evocopter/internal/coeffs"
	"github.com/evocopter/evocopter/internal/gen"
	"github.com/evocopter/evocopter/kernel"
)

// TestBatch2x3Layout checks kernel.Batch2x3 against the layout the
// generated kernels assume (internal/gen, layout.go): the assembly reads
// each coefficient array's data pointer from the struct at a fixed offset.
func TestBatch2x3Layout(t *testing.T) {
	typ := reflect.TypeFor[kernel.Batch2x3]()
	fields := gen.BatchFields()
	if typ.NumField() != len(fields) {
		t.Fatalf("Batch2x3 has %d fields, the kernels expect %d (%v)", typ.NumField(), len(fields), fields)
	}
	ptr := int(unsafe.Sizeof(uintptr(0)))
	for i, name := range fields {
		f := typ.Field(i)
		if f.Name != name || f.Type != reflect.TypeFor[[]float64]() {
			t.Fatalf("Batch2x3 field %d is %s %v, want %s []float64", i, f.Name, f.Type, name)
		}
		array := coeffs.Name(i)
		field, index, ok := gen.BatchField(array)
		off, _ := gen.BatchDataOffset(array, ptr)
		if !ok || field != name || index != i || off != int(f.Offset) {
			t.Fatalf("array %s: gen says field %s #%d at %d; Batch2x3 has %s #%d at %d",
				array, field, index, off, name, i, f.Offset)
		}
	}
	// The data pointer is the first word of a slice header.
	var s []float64
	if unsafe.Sizeof(s) != uintptr(3*ptr) {
		t.Fatalf("slice header is %d bytes, want 3 words", unsafe.Sizeof(s))
	}
	var c kernel.Batch2x3
	c.Q2 = make([]float64, 1)
	p := (*unsafe.Pointer)(unsafe.Add(unsafe.Pointer(&c), func() int { o, _ := gen.BatchDataOffset("q2", ptr); return o }()))
	if *p != unsafe.Pointer(&c.Q2[0]) {
		t.Fatal("the word at q2's offset is not Q2's data pointer")
	}
	// Arrays follows the same order.
	for i, p := range c.Arrays() {
		if reflect.ValueOf(&c).Elem().Field(i).Addr().Interface() != p {
			t.Fatalf("Arrays()[%d] is not field %s", i, fields[i])
		}
	}
}
