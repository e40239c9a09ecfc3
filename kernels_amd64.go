//go:build !noasm

package activation

// useVectors reports whether the CPU and the operating system support AVX2
// and FMA, which the vector kernels need.
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

// The vector kernels, each in the _amd64.s file of its family. Each
// returns how many elements it did, from the start, and does none where
// useVectors is false; its comment there says what it computes.

//go:noescape
func sigmoidVector(y, dy, x []float64) int

//go:noescape
func swishVector(y, dy, x []float64) int

//go:noescape
func tanhVector(y, dy, x []float64) int

//go:noescape
func shiftExpVector(y, x []float64, s *shift, l *lanes) int

//go:noescape
func shiftLogVector(y, x []float64, s *shift, logSum float64) int

//go:noescape
func logSoftmaxBackwardVector(dx, g, p []float64, total, inv float64) int

//go:noescape
func geluTanhVector(y, dy, x []float64) int

//go:noescape
func mishVector(y, dy, x []float64) int

//go:noescape
func softplusVector(y, dy, x []float64, beta, threshold float64) int

//go:noescape
func eluVector(y, dy, x []float64, scale, sa float64) int

//go:noescape
func leakyDerivVector(dy, x []float64, a float64, stream bool) int

//go:noescape
func hardSigmoidVector(y, dy, x []float64, stream bool) int

//go:noescape
func hardSwishVector(y, dy, x []float64, stream bool) int

//go:noescape
func mulVector(dst, a, b []float64, stream bool) int

//go:noescape
func reluCodesVector(y []float64, codes []byte, x []float64, stream bool) int

//go:noescape
func mulCodesVector(dst, a []float64, codes []byte, d *[3]float64, stream bool) int

//go:noescape
func scanVector(x []float64, hi, lo *[4]float64) (n int, nan bool)

//go:noescape
func indexVector(x []float64, v float64) (i int, found bool)

//go:noescape
func laneSumVector(x []float64, l *lanes) int

//go:noescape
func laneDotVector(a, b []float64, l *lanes) int

//go:noescape
func scaleVector(dst, dst2, y []float64, c float64, stream bool) int

//go:noescape
func softmaxBackwardVector(dx, g, y []float64, yg, inv float64, stream bool) int

//go:noescape
func leakyVector(y, saved, x []float64, a float64, stream bool) int

//go:noescape
func leakyColsVector(y, saved, x, slopes []float64) int

//go:noescape
func leakyColsBackwardVector(dx, g, x, slopes []float64, sums []compensated) int

//go:noescape
func leakyBackwardVector(dx, g, x []float64, a float64, l *lanes, stream bool) int

func cpuid(leaf, sub uint32) (eax, ebx, ecx, edx uint32)

func xgetbv() (eax uint32)

//go:noescape
func piecewiseVector(y []float64, codes []byte, x []float64, p *piecewise, stream bool) int

//go:noescape
func softsignVector(y, dy, x []float64) int

//go:noescape
func sparsePlusVector(y, dy, x []float64) int

//go:noescape
func squareplusVector(y, dy, x []float64, b, lo, hi float64) int

//go:noescape
func celuVector(y, dy, x []float64, alpha float64) int

//go:noescape
func tanhshrinkVector(y, dy, x []float64) int

//go:noescape
func swishBetaVector(y, d, t, x []float64, beta float64) int
