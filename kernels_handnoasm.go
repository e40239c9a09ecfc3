//go:build noasm || !(amd64 || arm64)

package activation

// The stand-ins of the kernels still written by hand; kernels_noasm.go
// has the generated ones'.

func swishVector(y, dy, x []float64) int { return 0 }

func tanhVector(y, dy, x []float64) int { return 0 }

func shiftExpVector(y, x []float64, s *shift, l *lanes) int { return 0 }

func mulVector(dst, a, b []float64, stream bool) int { return 0 }

func reluCodesVector(y []float64, codes []byte, x []float64, stream bool) int { return 0 }

func mulCodesVector(dst, a []float64, codes []byte, d *[3]float64, stream bool) int { return 0 }

func leakyVector(y, saved, x []float64, a float64, stream bool) int { return 0 }

func leakyColsVector(y, saved, x, slopes []float64) int { return 0 }

func leakyColsBackwardVector(dx, g, x, slopes []float64, sums []compensated) int { return 0 }

func leakyBackwardVector(dx, g, x []float64, a float64, l *lanes, stream bool) int { return 0 }

func scanVector(x []float64, hi, lo *[4]float64) (n int, nan bool) { return 0, false }

func indexVector(x []float64, v float64) (i int, found bool) { return 0, false }
func laneSumVector(x []float64, l *lanes) int                { return 0 }

func laneDotVector(a, b []float64, l *lanes) int { return 0 }

func scaleVector(dst, dst2, y []float64, c float64, stream bool) int { return 0 }

func softmaxBackwardVector(dx, g, y []float64, yg, inv float64, stream bool) int { return 0 }

func shiftLogVector(y, x []float64, s *shift, logSum float64) int { return 0 }

func logSoftmaxBackwardVector(dx, g, p []float64, total, inv float64) int { return 0 }

func geluTanhVector(y, dy, x []float64) int { return 0 }

func mishVector(y, dy, x []float64) int { return 0 }

func softplusVector(y, dy, x []float64, beta, threshold float64) int { return 0 }
func eluVector(y, dy, x []float64, scale, sa float64) int            { return 0 }

func leakyDerivVector(dy, x []float64, a float64, stream bool) int { return 0 }

func hardSigmoidVector(y, dy, x []float64, stream bool) int { return 0 }

func hardSwishVector(y, dy, x []float64, stream bool) int { return 0 }

func piecewiseVector(y []float64, codes []byte, x []float64, p *piecewise, stream bool) int { return 0 }

func softsignVector(y, dy, x []float64) int { return 0 }

func sparsePlusVector(y, dy, x []float64) int { return 0 }

func squareplusVector(y, dy, x []float64, b, lo, hi float64) int { return 0 }

func celuVector(y, dy, x []float64, alpha float64) int { return 0 }

func tanhshrinkVector(y, dy, x []float64) int { return 0 }

func swishBetaVector(y, d, t, x []float64, beta float64) int { return 0 }
