package activation

//go:generate go run ./internal/asmgen

// Most kernels run on vectors: every layer but RReLU, Snake and New's (of
// Hardmax, the scan of a row and the search for its maximum), and the
// multiplication that is every element-wise Backward. On amd64 they take
// four float64 at a time where the CPU has AVX2 and FMA, and where it has
// AVX-512F as well, the kernels with an exponential (Sigmoid, Swish,
// SwishBeta, Exp, Tanh, Tanhshrink, Softplus, SqrtSoftplus, LogSigmoid,
// ELU, SELU, ScaledELU, CELU, Mish, GELUTanh, the exact GELU, Softcap,
// Laplace, xIELU, Softmax's and LogSoftmax's e^z), the piecewise-linear
// ones, Softsign,
// Squareplus, SparsePlus, ReLU², and ReLU's and PReLU's Forward take
// eight before they finish on fours. On arm64 they
// take two a NEON register, and most loops several registers at a time.
// internal/asmgen generates them (the _amd64.s and _arm64.s files, their
// declarations in kernels_asm.go and their stand-ins, for the noasm tag
// and the other platforms, in kernels_noasm.go) from one description of
// each. Each has a Go counterpart that does the same operations in the same
// order, e^-|x| by exp.go's expReduce, expPoly and expScale, and takes the
// elements the vectors leave: the last few, and those out of the vector
// range (where e^-|x| is not normal, and NaN), which go on to each layer's
// scalar tail code. So an element gets the same bits whichever path takes
// it.

// logisticRange bounds the |x| that expNeg takes: e^-708 is still normal.
const logisticRange = 708

// The logistic of the vector kernels and of the Go loops of Sigmoid,
// Swish and GELUTanh, for |x| <= logisticRange: with e = e^-|x| from
// expReduce, expPoly and expScale, p = 1/(1+e) = σ(|x|) and q = e·p =
// σ(-|x|), σ(x) and 1-σ(x) are p and q, swapped where x < 0
// (swapIfNegative). The loops write it out, since the compiler would
// inline its parts but not a function of the whole.

// vectorKernel runs vector over as much of x as it takes and elem over
// the rest: the elements it stops at (out of its range, or the last few),
// after which it takes up the vector again. vector returns how many
// elements it did. dy, which may be nil, takes the derivatives, or for
// ReLU their codes. Without vectors elem takes every element, in one loop.
func vectorKernel[D float64 | byte](y []float64, dy []D, x []float64, vector func(y []float64, dy []D, x []float64) int, elem func(float64) (float64, D)) {
	y = y[:len(x)]
	if dy != nil {
		dy = dy[:len(x)]
	}
	if !useVectors {
		each(y, dy, x, elem)
		return
	}
	for i := 0; i < len(x); {
		var dyRest []D
		if dy != nil {
			dyRest = dy[i:]
		}
		i += vector(y[i:], dyRest, x[i:])
		for end := min(i+4, len(x)); i < end; i++ {
			var d D
			y[i], d = elem(x[i])
			if dy != nil {
				dy[i] = d
			}
		}
	}
}

// each sets y[i], dy[i] = elem(x[i]); dy may be nil.
func each[D float64 | byte](y []float64, dy []D, x []float64, elem func(float64) (float64, D)) {
	y = y[:len(x)]
	if dy == nil {
		for i, v := range x {
			y[i], _ = elem(v)
		}
		return
	}
	dy = dy[:len(x)]
	for i, v := range x {
		y[i], dy[i] = elem(v)
	}
}

// elemOf runs loop, a layer's Go loop, on the one element x: the vector
// paths take it for the elements they leave.
func elemOf(loop func(y, dy, x []float64), x float64) (y, dy float64) {
	var out, d [1]float64
	loop(out[:], d[:], []float64{x})
	return out[0], d[0]
}
