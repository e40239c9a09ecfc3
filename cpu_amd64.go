//go:build !noasm

package activation

// useVectors reports whether the vector kernels run: on amd64 they need
// AVX2 and FMA, from the CPU and the operating system.
var useVectors = func() bool {
	const (
		fma     = 1 << 12 // CPUID.1:ECX
		osxsave = 1 << 27 // CPUID.1:ECX
		avx2    = 1 << 5  // CPUID.(7,0):EBX
		ymm     = 0b110   // XCR0: SSE and AVX state saved by the OS
	)
	maxLeaf, _, _, _ := cpuid(0, 0)
	if maxLeaf < 7 {
		return false
	}
	_, _, ecx1, _ := cpuid(1, 0)
	if ecx1&fma == 0 || ecx1&osxsave == 0 || xgetbv()&ymm != ymm {
		return false
	}
	_, ebx7, _, _ := cpuid(7, 0)
	return ebx7&avx2 != 0
}()

// useAVX512 reports whether the CPU and the operating system support
// AVX-512F as well: the kernels that gain from it take eight elements at a
// time, with the same operations in the same order, so the bits agree.
var useAVX512 = func() bool {
	const (
		avx512f = 1 << 16    // CPUID.(7,0):EBX
		zmm     = 0b111 << 5 // XCR0: opmask and the upper ZMM state saved by the OS
	)
	if !useVectors {
		return false
	}
	_, ebx7, _, _ := cpuid(7, 0)
	return ebx7&avx512f != 0 && xgetbv()&zmm == zmm
}()

func cpuid(leaf, sub uint32) (eax, ebx, ecx, edx uint32)

func xgetbv() (eax uint32)
