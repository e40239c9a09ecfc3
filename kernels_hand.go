//go:build !noasm && (amd64 || arm64)

package activation

// The vector kernels still written by hand; kernels_asm.go declares the
// generated ones.

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
