//go:build !noasm

package activation

// useAVX2 reports whether the CPU and the operating system support AVX2
// and FMA, which the vector kernels need.
var useAVX2 = func() bool {
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

//go:noescape
func sigmoidAVX2(y, dy, x []float64) int

//go:noescape
func swishAVX2(y, dy, x []float64) int

//go:noescape
func tanhAVX2(y, dy, x []float64) int

//go:noescape
func shiftExpAVX2(y, x []float64, s *shift) int

//go:noescape
func shiftLogAVX2(y, x []float64, s *shift, logSum float64) int

//go:noescape
func logSoftmaxBackwardAVX2(dx, g, p []float64, total, tau float64) int

//go:noescape
func geluTanhAVX2(y, dy, x []float64) int

//go:noescape
func mishAVX2(y, dy, x []float64) int

//go:noescape
func eluAVX2(y, dy, x []float64, scale, sa float64) int

//go:noescape
func leakyDerivAVX2(dy, x []float64, a float64) int

//go:noescape
func hardSigmoidAVX2(y, dy, x []float64) int

//go:noescape
func hardSwishAVX2(y, dy, x []float64) int

//go:noescape
func mulAVX2(dst, a, b []float64) int

//go:noescape
func reluAVX2(y, dy, x []float64) int

//go:noescape
func scanAVX2(x []float64, hi, lo *[4]float64) (n int, nan bool)

//go:noescape
func sum4AVX2(x []float64, l *lanes) int

//go:noescape
func dot4AVX2(a, b []float64, l *lanes) int

//go:noescape
func scaleAVX2(y []float64, c float64) int

//go:noescape
func softmaxBackwardAVX2(dx, g, y []float64, yg, tau float64) int

//go:noescape
func leakyAVX2(y, x []float64, a float64) int

//go:noescape
func leakyBackwardAVX2(dx, g, x []float64, a float64, sums, errs *[4]float64) int

func cpuid(leaf, sub uint32) (eax, ebx, ecx, edx uint32)

func xgetbv() (eax uint32)

// sigmoidVector runs sigmoidAVX2 where the CPU has it; see sigmoidAVX2.
func sigmoidVector(y, dy, x []float64) int {
	if !useAVX2 {
		return 0
	}
	return sigmoidAVX2(y, dy, x)
}

// swishVector runs swishAVX2 where the CPU has it; see swishAVX2.
func swishVector(y, dy, x []float64) int {
	if !useAVX2 {
		return 0
	}
	return swishAVX2(y, dy, x)
}

// tanhVector runs tanhAVX2 where the CPU has it; see tanhAVX2.
func tanhVector(y, dy, x []float64) int {
	if !useAVX2 {
		return 0
	}
	return tanhAVX2(y, dy, x)
}

// shiftExpVector runs shiftExpAVX2 where the CPU has it; see shiftExpAVX2.
func shiftExpVector(y, x []float64, s *shift) int {
	if !useAVX2 {
		return 0
	}
	return shiftExpAVX2(y, x, s)
}

// mulVector runs mulAVX2 where the CPU has it; see mulAVX2.
func mulVector(dst, a, b []float64) int {
	if !useAVX2 {
		return 0
	}
	return mulAVX2(dst, a, b)
}

// reluVector runs reluAVX2 where the CPU has it; see reluAVX2.
func reluVector(y, dy, x []float64) int {
	if !useAVX2 {
		return 0
	}
	return reluAVX2(y, dy, x)
}

// leakyVector runs leakyAVX2 where the CPU has it; see leakyAVX2.
func leakyVector(y, x []float64, a float64) int {
	if !useAVX2 {
		return 0
	}
	return leakyAVX2(y, x, a)
}

// leakyBackwardVector runs leakyBackwardAVX2 where the CPU has it; see
// leakyBackwardAVX2.
func leakyBackwardVector(dx, g, x []float64, a float64, sums, errs *[4]float64) int {
	if !useAVX2 {
		return 0
	}
	return leakyBackwardAVX2(dx, g, x, a, sums, errs)
}

// scanVector runs scanAVX2 where the CPU has it; see scanAVX2.
func scanVector(x []float64, hi, lo *[4]float64) (n int, nan bool) {
	if !useAVX2 {
		return 0, false
	}
	return scanAVX2(x, hi, lo)
}

// sum4Vector runs sum4AVX2 where the CPU has it; see sum4AVX2.
func sum4Vector(x []float64, l *lanes) int {
	if !useAVX2 {
		return 0
	}
	return sum4AVX2(x, l)
}

// dot4Vector runs dot4AVX2 where the CPU has it; see dot4AVX2.
func dot4Vector(a, b []float64, l *lanes) int {
	if !useAVX2 {
		return 0
	}
	return dot4AVX2(a, b, l)
}

// scaleVector runs scaleAVX2 where the CPU has it; see scaleAVX2.
func scaleVector(y []float64, c float64) int {
	if !useAVX2 {
		return 0
	}
	return scaleAVX2(y, c)
}

// softmaxBackwardVector runs softmaxBackwardAVX2 where the CPU has it; see
// softmaxBackwardAVX2.
func softmaxBackwardVector(dx, g, y []float64, yg, tau float64) int {
	if !useAVX2 {
		return 0
	}
	return softmaxBackwardAVX2(dx, g, y, yg, tau)
}

// shiftLogVector runs shiftLogAVX2 where the CPU has it; see shiftLogAVX2.
func shiftLogVector(y, x []float64, s *shift, logSum float64) int {
	if !useAVX2 {
		return 0
	}
	return shiftLogAVX2(y, x, s, logSum)
}

// logSoftmaxBackwardVector runs logSoftmaxBackwardAVX2 where the CPU has
// it; see logSoftmaxBackwardAVX2.
func logSoftmaxBackwardVector(dx, g, p []float64, total, tau float64) int {
	if !useAVX2 {
		return 0
	}
	return logSoftmaxBackwardAVX2(dx, g, p, total, tau)
}

// geluTanhVector runs geluTanhAVX2 where the CPU has it; see geluTanhAVX2.
func geluTanhVector(y, dy, x []float64) int {
	if !useAVX2 {
		return 0
	}
	return geluTanhAVX2(y, dy, x)
}

// mishVector runs mishAVX2 where the CPU has it; see mishAVX2.
func mishVector(y, dy, x []float64) int {
	if !useAVX2 {
		return 0
	}
	return mishAVX2(y, dy, x)
}

// eluVector runs eluAVX2 where the CPU has it; see eluAVX2.
func eluVector(y, dy, x []float64, scale, sa float64) int {
	if !useAVX2 {
		return 0
	}
	return eluAVX2(y, dy, x, scale, sa)
}

// leakyDerivVector runs leakyDerivAVX2 where the CPU has it; see
// leakyDerivAVX2.
func leakyDerivVector(dy, x []float64, a float64) int {
	if !useAVX2 {
		return 0
	}
	return leakyDerivAVX2(dy, x, a)
}

// hardSigmoidVector runs hardSigmoidAVX2 where the CPU has it; see
// hardSigmoidAVX2.
func hardSigmoidVector(y, dy, x []float64) int {
	if !useAVX2 {
		return 0
	}
	return hardSigmoidAVX2(y, dy, x)
}

// hardSwishVector runs hardSwishAVX2 where the CPU has it; see
// hardSwishAVX2.
func hardSwishVector(y, dy, x []float64) int {
	if !useAVX2 {
		return 0
	}
	return hardSwishAVX2(y, dy, x)
}
