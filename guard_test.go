package activation

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// guardKernel is a vector kernel called on slices of n elements: float64
// outputs and inputs, and bytes of codes out or in.
type guardKernel struct {
	name             string
	outs, ins        int
	codesOut, codeIn bool
	run              func(out, in [][]float64, codes []byte) int
}

var guardShift = newShift(3, -2, 0.7)
var guardPieces = hardtanh(-0.5, 2)
var guardXIELU, _, _ = NewXIELU(0.8, 0.8, 0.5, -0.1).paramsOf(0.2, -0.3)

// guardKernels lists every vector kernel.
var guardKernels = []guardKernel{
	{"sigmoid", 2, 1, false, false, func(o, i [][]float64, _ []byte) int { return sigmoidVector(o[0], o[1], i[0]) }},
	{"swish", 2, 1, false, false, func(o, i [][]float64, _ []byte) int { return swishVector(o[0], o[1], i[0]) }},
	{"swishBeta", 3, 1, false, false, func(o, i [][]float64, _ []byte) int { return swishBetaVector(o[0], o[1], o[2], i[0], 0.7) }},
	{"tanh", 2, 1, false, false, func(o, i [][]float64, _ []byte) int { return tanhVector(o[0], o[1], i[0]) }},
	{"exponential", 2, 1, false, false, func(o, i [][]float64, _ []byte) int { return exponentialVector(o[0], o[1], i[0]) }},
	{"tanhshrink", 2, 1, false, false, func(o, i [][]float64, _ []byte) int { return tanhshrinkVector(o[0], o[1], i[0]) }},
	{"softplus", 2, 1, false, false, func(o, i [][]float64, _ []byte) int { return softplusVector(o[0], o[1], i[0], 1.5, 20) }},
	{"sqrtSoftplus", 2, 1, false, false, func(o, i [][]float64, _ []byte) int { return sqrtSoftplusVector(o[0], o[1], i[0]) }},
	{"elu", 2, 1, false, false, func(o, i [][]float64, _ []byte) int { return eluVector(o[0], o[1], i[0], 1.1, 1.7) }},
	{"celu", 2, 1, false, false, func(o, i [][]float64, _ []byte) int { return celuVector(o[0], o[1], i[0], 0.3) }},
	{"mish", 2, 1, false, false, func(o, i [][]float64, _ []byte) int { return mishVector(o[0], o[1], i[0]) }},
	{"geluTanh", 2, 1, false, false, func(o, i [][]float64, _ []byte) int { return geluTanhVector(o[0], o[1], i[0]) }},
	{"gelu", 2, 1, false, false, func(o, i [][]float64, _ []byte) int { return geluVector(o[0], o[1], i[0]) }},
	{"hardSigmoid", 2, 1, false, false, func(o, i [][]float64, _ []byte) int { return hardSigmoidVector(o[0], o[1], i[0], true) }},
	{"hardSwish", 2, 1, false, false, func(o, i [][]float64, _ []byte) int { return hardSwishVector(o[0], o[1], i[0], false) }},
	{"piecewise", 1, 1, true, false, func(o, i [][]float64, c []byte) int { return piecewiseVector(o[0], c, i[0], guardPieces, true) }},
	{"reluCodes", 1, 1, true, false, func(o, i [][]float64, c []byte) int { return reluCodesVector(o[0], c, i[0], true) }},
	{"leaky", 2, 1, false, false, func(o, i [][]float64, _ []byte) int { return leakyVector(o[0], o[1], i[0], 0.1, true) }},
	{"leakyCodes", 1, 1, true, false, func(o, i [][]float64, c []byte) int { return leakyCodesVector(o[0], c, i[0], 0.1, true) }},
	{"leakyBackward", 1, 2, false, false, func(o, i [][]float64, _ []byte) int {
		var l lanes
		return leakyBackwardVector(o[0], i[0], i[1], 0.1, &l, true)
	}},
	{"leakyCols", 2, 2, false, false, func(o, i [][]float64, _ []byte) int { return leakyColsVector(o[0], o[1], i[0], i[1]) }},
	{"leakyColsBackward", 2, 3, false, false, func(o, i [][]float64, _ []byte) int {
		// The sums, pairs of float64, are the second output read as pairs.
		sums := make([]compensated, len(o[1]))
		n := leakyColsBackwardVector(o[0], i[0], i[1], i[2], sums)
		for j := range n {
			o[1][j] = sums[j].sum + sums[j].err
		}
		return n
	}},
	{"leakyDeriv", 1, 1, false, false, func(o, i [][]float64, _ []byte) int { return leakyDerivVector(o[0], i[0], 0.1, true) }},
	{"softsign", 2, 1, false, false, func(o, i [][]float64, _ []byte) int { return softsignVector(o[0], o[1], i[0]) }},
	{"sparsePlus", 2, 1, false, false, func(o, i [][]float64, _ []byte) int { return sparsePlusVector(o[0], o[1], i[0]) }},
	{"squareplus", 2, 1, false, false, func(o, i [][]float64, _ []byte) int { return squareplusVector(o[0], o[1], i[0], 4, 0, 0x1p500) }},
	{"reluSquared", 2, 1, false, false, func(o, i [][]float64, _ []byte) int { return reluSquaredVector(o[0], o[1], i[0], true) }},
	{"softcap", 2, 1, false, false, func(o, i [][]float64, _ []byte) int { return softcapVector(o[0], o[1], i[0], 0.7) }},
	{"clippedGELU", 2, 1, false, false, func(o, i [][]float64, _ []byte) int { return clippedGELUVector(o[0], o[1], i[0], -0.1, 1.5) }},
	{"laplace", 2, 1, false, false, func(o, i [][]float64, _ []byte) int { return laplaceVector(o[0], o[1], i[0], 0.7, 0.3, invSqrt2Pi/0.3) }},
	{"xielu", 1, 1, false, false, func(o, i [][]float64, _ []byte) int { return xieluVector(o[0], i[0], &guardXIELU) }},
	{"xieluGrad", 3, 1, false, false, func(o, i [][]float64, _ []byte) int { return xieluGradVector(o[0], o[1], o[2], i[0], &guardXIELU) }},
	{"mul", 1, 2, false, false, func(o, i [][]float64, _ []byte) int { return mulVector(o[0], i[0], i[1], true) }},
	{"mulCodes", 1, 1, false, true, func(o, i [][]float64, c []byte) int { return mulCodesVector(o[0], i[0], c, &reluDerivs, true) }},
	{"shiftExp", 1, 1, false, false, func(o, i [][]float64, _ []byte) int { return shiftExpVector(o[0], i[0], &guardShift, nil) }},
	{"shiftExpSum", 1, 1, false, false, func(o, i [][]float64, _ []byte) int {
		var l lanes
		return shiftExpVector(o[0], i[0], &guardShift, &l)
	}},
	{"shiftLog", 1, 1, false, false, func(o, i [][]float64, _ []byte) int { return shiftLogVector(o[0], i[0], &guardShift, 1.5) }},
	{"logSoftmaxBackward", 1, 2, false, false, func(o, i [][]float64, _ []byte) int {
		return logSoftmaxBackwardVector(o[0], i[0], i[1], 0.5, 1.5)
	}},
	{"scan", 0, 1, false, false, func(_, i [][]float64, _ []byte) int {
		var hi, lo [4]float64
		n, _ := scanVector(i[0], &hi, &lo)
		return n
	}},
	{"index", 0, 1, false, false, func(_, i [][]float64, _ []byte) int {
		n, _ := indexVector(i[0], 1e300) // absent: it looks at every group
		return n
	}},
	{"laneSum", 0, 1, false, false, func(_, i [][]float64, _ []byte) int {
		var l lanes
		return laneSumVector(i[0], &l)
	}},
	{"laneDot", 0, 2, false, false, func(_, i [][]float64, _ []byte) int {
		var l lanes
		return laneDotVector(i[0], i[1], &l)
	}},
	{"scale", 2, 1, false, false, func(o, i [][]float64, _ []byte) int { return scaleVector(o[0], o[1], i[0], 0.3, true) }},
	{"crossEntropyRow", 0, 2, false, false, func(_, i [][]float64, _ []byte) int {
		var dot, sum lanes
		n, _ := crossEntropyRowVector(i[0], i[1], &dot, &sum)
		return n
	}},
	{"crossEntropyBackward", 1, 2, false, false, func(o, i [][]float64, _ []byte) int {
		return crossEntropyBackwardVector(o[0], i[0], i[1], 1.5, 7)
	}},
	{"softmaxBackward", 1, 2, false, false, func(o, i [][]float64, _ []byte) int {
		return softmaxBackwardVector(o[0], i[0], i[1], 0.2, 1.5, true)
	}},
}

// TestKernelsStayInTheirSlices runs every vector kernel on every path the
// CPU has, on every length up to 40 (a block of sixteen and three vectors
// of eight past it) from starts off alignment, and checks that it writes
// no element outside its outputs, none past the count it returns, and
// changes no input: each slice has guard elements on both sides, and the
// slices it is given end at their capacity.
func TestKernelsStayInTheirSlices(t *testing.T) {
	const guard = 24
	sentinel := math.Float64frombits(0x7ff4dead0000beef) // a NaN no kernel makes
	rng := rand.New(rand.NewPCG(70, 71))
	for _, path := range vectorPaths() {
		if !path.vectors {
			continue
		}
		for _, k := range guardKernels {
			for n := 0; n <= 40; n++ {
				for off := range 4 {
					t.Run(fmt.Sprintf("%s/%s/n=%d/off=%d", k.name, path.name, n, off), func(t *testing.T) {
						window := func(s []float64) []float64 { return s[guard+off : guard+off+n : guard+off+n] }
						var outs, ins, outBufs, inBufs, inCopies [][]float64
						for range k.outs {
							b := make([]float64, 2*guard+off+n)
							for j := range b {
								b[j] = sentinel
							}
							outBufs, outs = append(outBufs, b), append(outs, window(b))
						}
						for range k.ins {
							b := make([]float64, 2*guard+off+n)
							for j := range b {
								b[j] = 3 * rng.NormFloat64()
							}
							inBufs, ins, inCopies = append(inBufs, b), append(ins, window(b)), append(inCopies, slices.Clone(b))
						}
						codeBuf := make([]byte, 2*guard+off+n)
						for j := range codeBuf {
							codeBuf[j] = 0xa5
							if k.codeIn && j >= guard+off && j < guard+off+n {
								codeBuf[j] = byte(rng.IntN(3))
							}
						}
						codeCopy := slices.Clone(codeBuf)
						var done int
						path.run(func() { done = k.run(outs, ins, codeBuf[guard+off:guard+off+n:guard+off+n]) })
						if done < 0 || done > n {
							t.Fatalf("returned %d of %d", done, n)
						}
						for i, b := range outBufs {
							for j, v := range b {
								inside := j >= guard+off && j < guard+off+done
								if !inside && math.Float64bits(v) != math.Float64bits(sentinel) {
									t.Fatalf("output %d: element %d of the buffer, outside [%d, %d), was written", i, j, guard+off, guard+off+done)
								}
							}
						}
						for i, b := range inBufs {
							for j, v := range b {
								if math.Float64bits(v) != math.Float64bits(inCopies[i][j]) {
									t.Fatalf("input %d: element %d of the buffer was changed", i, j)
								}
							}
						}
						for j, c := range codeBuf {
							inside := k.codesOut && j >= guard+off && j < guard+off+done
							if !inside && c != codeCopy[j] {
								t.Fatalf("codes: byte %d of the buffer, outside [%d, %d), was written", j, guard+off, guard+off+done)
							}
						}
					})
				}
			}
		}
	}
}

// TestFormsStayInTheirSlices is TestKernelsStayInTheirSlices for the forms
// of the slice functions: float32 slices (half the bytes a lane, and
// their own loads and stores) and the gradient forms, with one kernel of
// each shape (two outputs, three, codes, a table).
func TestFormsStayInTheirSlices(t *testing.T) {
	const guard = 24
	sentinel := math.Float32frombits(0x7fa0beef) // a NaN no kernel makes
	rng := rand.New(rand.NewPCG(72, 73))
	kernels := []struct {
		name      string
		outs, ins int
		run       func(o, i [][]float32) int
	}{
		{"sigmoid32", 2, 1, func(o, i [][]float32) int { return sigmoidVector32(o[0], o[1], i[0]) }},
		{"sigmoidGrad32", 1, 2, func(o, i [][]float32) int { return sigmoidVectorGrad32(o[0], i[0], i[1]) }},
		{"swishBeta32", 3, 1, func(o, i [][]float32) int { return swishBetaVector32(o[0], o[1], o[2], i[0], 0.7) }},
		{"gelu32", 2, 1, func(o, i [][]float32) int { return geluVector32(o[0], o[1], i[0]) }},
		{"hardSwish32", 2, 1, func(o, i [][]float32) int { return hardSwishVector32(o[0], o[1], i[0], true) }},
		{"relu32", 1, 1, func(o, i [][]float32) int { return reluCodesVector32(o[0], nil, i[0], true) }},
		{"piecewiseGrad32", 1, 2, func(o, i [][]float32) int {
			return piecewiseVectorGrad32(o[0], i[0], i[1], guardPieces, &guardPieces.d)
		}},
		{"leakyCodesGrad32", 1, 2, func(o, i [][]float32) int {
			return leakyCodesVectorGrad32(o[0], i[0], i[1], 0.1, &[3]float64{0.1, 1, math.NaN()})
		}},
	}
	for _, path := range vectorPaths() {
		if !path.vectors {
			continue
		}
		for _, k := range kernels {
			for n := 0; n <= 40; n++ {
				for off := range 4 {
					window := func(s []float32) []float32 { return s[guard+off : guard+off+n : guard+off+n] }
					var outs, ins, outBufs, inBufs, inCopies [][]float32
					for range k.outs {
						b := make([]float32, 2*guard+off+n)
						for j := range b {
							b[j] = sentinel
						}
						outBufs, outs = append(outBufs, b), append(outs, window(b))
					}
					for range k.ins {
						b := make([]float32, 2*guard+off+n)
						for j := range b {
							b[j] = float32(3 * rng.NormFloat64())
						}
						inBufs, ins, inCopies = append(inBufs, b), append(ins, window(b)), append(inCopies, slices.Clone(b))
					}
					var done int
					path.run(func() { done = k.run(outs, ins) })
					require.True(t, done >= 0 && done <= n, "%s/%s: returned %d of %d", k.name, path.name, done, n)
					for i, b := range outBufs {
						for j, v := range b {
							inside := j >= guard+off && j < guard+off+done
							require.True(t, inside || math.Float32bits(v) == math.Float32bits(sentinel),
								"%s/%s/n=%d/off=%d: output %d: element %d of the buffer was written", k.name, path.name, n, off, i, j)
						}
					}
					for i, b := range inBufs {
						require.Equal(t, inCopies[i], b, "%s/%s: input %d changed", k.name, path.name, i)
					}
				}
			}
		}
	}
}
