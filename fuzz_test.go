package activation

import (
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// floats decodes little-endian float64s from fuzz input, at most limit.
func floats(data []byte, limit int) []float64 {
	n := min(len(data)/8, limit)
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = math.Float64frombits(binary.LittleEndian.Uint64(data[8*i:]))
	}
	return xs
}

func seedFloats(f *testing.F, rows ...[]float64) {
	for _, row := range rows {
		f.Add(fuzzBytes(row...))
	}
}

// fuzzBytes encodes xs as floats decodes them.
func fuzzBytes(xs ...float64) []byte {
	b := make([]byte, 8*len(xs))
	for i, v := range xs {
		binary.LittleEndian.PutUint64(b[8*i:], math.Float64bits(v))
	}
	return b
}

func FuzzElementwise(f *testing.F) {
	seedFloats(f, []float64{0, 1, -1, 40, -40, 708.5, -708.5, 750, -750, -37.6, -0.75, -1.19, 3, -3},
		[]float64{inf, -inf, nan, 1e308, -1e308, 5e-324, -5e-324})
	elu1 := func(x float64) (float64, float64) { return elu(x, 1, 1) }
	softplus1 := func(x float64) (float64, float64) { return softplus(x, 1, 20) }
	piece := func(l *Activation) func(float64) (float64, float64) {
		return pieceElem(l.coded.(*piecewise))
	}
	xl := NewXIELU(0.8, 0.8, 0.5, -1e-6)
	xq, _, _ := xl.paramsOf(xl.ap.start, xl.an.start)
	kernels := []struct {
		name   string
		layer  Layer
		scalar func(float64) (float64, float64) // the kernel's own scalar function, if it has one
		ref    func(float64) (float64, float64)
		terms  func(float64) float64 // as in TestSmoothLayersAgainstHighPrecision
		dyTol  float64
	}{
		{"ReLU", NewReLU(), reluElem, nil, nil, 4},
		{"Sigmoid", NewSigmoid(), sigmoidElem, refSigmoid, nil, 4},
		{"Tanh", NewTanh(), tanhElem, refTanh, nil, 4},
		{"Exp", NewExp(), exponential, refExp, nil, 4},
		{"Swish", NewSwish(), swishElem, refSwish, swishTerms, 4},
		{"ELU", NewELU(1), elu1, refELU("1", "1"), nil, 4},
		{"Softplus", NewSoftplus(1, 20), softplus1, refSoftplus(1, 20), nil, 4},
		{"SqrtSoftplus", NewSqrtSoftplus(), sqrtSoftplus, refSqrtSoftplus, nil, 4},
		{"Mish", NewMish(), mish, refMish, mishTerms, 4},
		{"GELU", NewGELU(), gelu, refGELU, geluTerms, 4},
		{"GELUTanh", NewGELUTanh(), geluTanh, refGELUTanh, geluTanhTerms, 6},
		{"HardSigmoid", NewHardSigmoid(), hardSigmoid, refHardSigmoid, nil, 4},
		{"HardSwish", NewHardSwish(), hardSwish, refHardSwish, nil, 4},
		{"HardSigmoidAffine", NewHardSigmoidAffine(0.2, 0.5), piece(NewHardSigmoidAffine(0.2, 0.5)), refHardSigmoidAffine(0.2, 0.5), nil, 0},
		{"Hardtanh", NewHardtanh(-1, 2), piece(NewHardtanh(-1, 2)), nil, nil, 4},
		{"Softshrink", NewSoftshrink(0.5), piece(NewSoftshrink(0.5)), nil, nil, 4},
		{"SparseSigmoid", NewSparseSigmoid(), piece(NewSparseSigmoid()), nil, nil, 4},
		{"Shrink", NewShrink(0.5, 0.2), piece(NewShrink(0.5, 0.2)), nil, nil, 4},
		{"ScaledELU", NewScaledELU(onnxSeluAlpha, onnxSeluGamma), func(x float64) (float64, float64) { return elu(x, onnxSeluGamma, onnxSeluGamma*onnxSeluAlpha) },
			refELU("1.67326319217681884765625", "1.05070102214813232421875"), nil, 4},
		{"CELU", NewCELU(0.5), func(x float64) (float64, float64) { return celu(x, 0.5) }, refCELU(0.5), nil, 4},
		{"LogSigmoid", NewLogSigmoid(), logSigmoid, refLogSigmoid, nil, 4},
		{"Softsign", NewSoftsign(), softsign, refSoftsign, nil, 4},
		{"Tanhshrink", NewTanhshrink(), tanhshrink, refTanhshrink, nil, 4},
		{"Squareplus", NewSquareplus(4), func(x float64) (float64, float64) { return squareplus(x, 4) }, refSquareplus(4), nil, 4},
		{"SparsePlus", NewSparsePlus(), sparsePlus, refSparsePlus, nil, 4},
		{"SwishBeta", NewSwishBeta(1.5), func(x float64) (float64, float64) { y, dy, _ := swishBeta(x, 1.5); return y, dy }, swishBetaRef(1.5), swishBetaTerms(1.5), 4},
		{"ReLUSquared", NewReLUSquared(), reluSquared, refReLUSquared, nil, 4},
		{"QuickGELU", NewQuickGELU(), func(x float64) (float64, float64) { y, dy, _ := swishBeta(x, quickGELUBeta); return y, dy }, swishBetaRef(quickGELUBeta), swishBetaTerms(quickGELUBeta), 4},
		{"Laplace", NewLaplace(0.707107, 0.282095), func(x float64) (float64, float64) { return laplace(x, 0.707107, 0.282095, invSqrt2Pi/0.282095) }, refLaplace(0.707107, 0.282095), nil, 4},
		{"ClippedGELU", NewClippedGELU(-10, 10), func(x float64) (float64, float64) { return clippedGELU(x, -10, 10) }, refClippedGELU(-10, 10), geluTerms, 4},
		{"XIELU", xl, func(x float64) (float64, float64) { y, d, _, _ := xieluElem(x, &xq); return y, d }, nil, nil, 4},
		{"Softcap", NewSoftcap(2.5), func(x float64) (float64, float64) { return softcap(x, 2.5) }, refSoftcap(2.5), nil, 4},
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		xs := floats(data, 64)
		if len(xs) == 0 {
			return
		}
		for _, k := range kernels {
			y, dy := forwardBackward(k.layer, xs)
			for i, x := range xs {
				if k.scalar != nil {
					wantY, wantDy := k.scalar(x)
					if ulps(y[i], wantY) != 0 || ulps(dy[i], wantDy) != 0 {
						t.Fatalf("%s(%v): layer gives %v, %v; scalar kernel %v, %v", k.name, x, y[i], dy[i], wantY, wantDy)
					}
				}
				if !math.IsNaN(x) && (math.IsNaN(y[i]) || math.IsNaN(dy[i])) {
					t.Fatalf("%s(%v) = %v, %v: NaN from a number", k.name, x, y[i], dy[i])
				}
				if k.ref == nil || !(math.Abs(x) <= 1100) {
					continue
				}
				refY, refDy := k.ref(x)
				bound := k.dyTol
				if k.terms != nil {
					bound *= max(1, k.terms(x)/math.Abs(refDy))
				}
				if ulps(y[i], refY) > 4 || ulps(dy[i], refDy) > bound {
					t.Fatalf("%s(%v) = %v, %v; want %v, %v", k.name, x, y[i], dy[i], refY, refDy)
				}
			}
		}
	})
}

func FuzzPReLU(f *testing.F) {
	seedFloats(f, []float64{0.25, -1, 2, -inf, inf, nan, math.Copysign(0, -1), 1e308})
	f.Fuzz(func(t *testing.T, data []byte) {
		xs := floats(data, 65)
		if len(xs) < 2 {
			return
		}
		alpha, xs := xs[0], xs[1:]
		if math.IsNaN(alpha) || math.IsInf(alpha, 0) {
			defer func() {
				if r := recover(); r != "activation: NewPReLU: alpha is "+fmt.Sprint(alpha)+", must be finite" {
					t.Fatalf("NewPReLU(%v) panicked with %v", alpha, r)
				}
			}()
			NewPReLU(alpha)
			t.Fatalf("NewPReLU(%v) did not panic", alpha)
		}
		y, dy := forwardBackward(NewPReLU(alpha), xs)
		for i, x := range xs {
			wantY, wantDy := x, 1.0
			switch {
			case x != x:
				wantY, wantDy = x, x
			case x <= 0 && alpha == 0:
				wantY, wantDy = 0, 0
			case x <= 0:
				wantY, wantDy = alpha*x, alpha
			}
			if ulps(y[i], wantY) != 0 || ulps(dy[i], wantDy) != 0 {
				t.Fatalf("PReLU_%v(%v) = %v, %v; want %v, %v", alpha, x, y[i], dy[i], wantY, wantDy)
			}
		}
	})
}

func FuzzSoftmax(f *testing.F) {
	seedFloats(f, []float64{1, 1, 2, 3}, []float64{1e-3, -inf, -inf},
		[]float64{1e300, 1e308, -1e308, inf, 0}, []float64{0.5, nan, 2})
	f.Fuzz(func(t *testing.T, data []byte) {
		xs := floats(data, 33)
		if len(xs) < 2 || !(xs[0] > 0 && xs[0] <= math.MaxFloat64) {
			return
		}
		s := NewSoftmax(xs[0])
		tau := xs[0] + s.Epsilon
		if math.IsInf(tau, 0) {
			return
		}
		x := xs[1:]
		checkSoftmaxRow(t, x, s.Forward(mat.NewDense(1, len(x), x), false).RawRowView(0), tau)
	})
}

// checkSoftmaxRow checks y, the softmax of x at τ = tau: NaN only for a
// NaN input, a sum of 1 (but for a row of -Inf), and within 4 ulp of the
// reference where x is finite.
func checkSoftmaxRow(t *testing.T, x, y []float64, tau float64) {
	t.Helper()
	hasNaN, finite, allNegInf := false, true, true
	for _, v := range x {
		hasNaN = hasNaN || math.IsNaN(v)
		finite = finite && !math.IsInf(v, 0) && !math.IsNaN(v)
		allNegInf = allNegInf && v == -inf
	}
	var sum compensated
	for _, v := range y {
		if math.IsNaN(v) != hasNaN {
			t.Fatalf("softmax(%v) at τ=%v = %v: NaN only for NaN input", x, tau, y)
		}
		sum.add(v)
	}
	if !hasNaN && !allNegInf && math.Abs(sum.value()-1) > 4*0x1p-52*float64(len(x)) {
		t.Fatalf("softmax(%v) at τ=%v sums to %v", x, tau, sum.value())
	}
	if finite {
		want := refSoftmax(x, tau)
		for i := range y {
			if ulps(y[i], want[i]) > 4 {
				t.Fatalf("softmax(%v) at τ=%v = %v, want %v", x, tau, y, want)
			}
		}
	}
}

// FuzzSoftmaxMasked runs Softmax on two rows of up to 32 logits, the
// second the first reversed, under a mask from its own bytes (bit k of
// byte k/8 keeps entry k; entries past the bytes are kept), a training
// step with the logits for the gradient too. The kept entries of each row
// must be, Forward and Backward, bit for bit Softmax's on a row of them
// alone, and hold to FuzzSoftmax's checks; the others exactly +0.
func FuzzSoftmaxMasked(f *testing.F) {
	f.Add(fuzzBytes(1, 1, 2, nan, 3, inf), []byte{0b10011})
	f.Add(fuzzBytes(0.5, -inf, -inf, 4), []byte{0b011})
	f.Add(fuzzBytes(1e-300, 1e308, -1e308, 0, 7), []byte{0b1111, 0})
	f.Add(fuzzBytes(3, nan, nan), []byte{0})
	f.Fuzz(func(t *testing.T, data, keepBytes []byte) {
		xs := floats(data, 33)
		if len(xs) < 2 || !(xs[0] > 0 && xs[0] <= math.MaxFloat64) || math.IsInf(xs[0]+1e-8, 0) {
			return
		}
		x, n := xs[1:], len(xs)-1
		batch := mat.NewDense(2, n, nil)
		keep := make([]bool, 2*n)
		for j, v := range x {
			batch.Set(0, j, v)
			batch.Set(1, n-1-j, v)
		}
		for k := range keep {
			keep[k] = k/8 >= len(keepBytes) || keepBytes[k/8]>>(k%8)&1 == 1
		}
		m := NewMask(2, n, keep)
		s := NewSoftmax(xs[0])
		y := mat.DenseCopyOf(s.ForwardMasked(batch, m, true))
		dx := s.Backward(batch)
		for i := range 2 {
			idx := keptIndices(m, i, n)
			xk := pick(batch.RawRowView(i), idx)
			var yk, dxk []float64
			if len(idx) > 0 {
				yk, dxk = forwardBackwardRow(NewSoftmax(xs[0]), xk, xk)
				checkSoftmaxRow(t, xk, yk, xs[0]+1e-8)
			}
			k := 0
			for j := range n {
				wantY, wantDx := 0.0, 0.0
				if k < len(idx) && idx[k] == j {
					wantY, wantDx = yk[k], dxk[k]
					k++
				}
				if !same(y.At(i, j), wantY) || !same(dx.At(i, j), wantDx) {
					t.Fatalf("row %v, mask %v: y[%d] = %v, dx[%d] = %v; want %v, %v", batch.RawRowView(i), keep[i*n:(i+1)*n], j, y.At(i, j), j, dx.At(i, j), wantY, wantDx)
				}
			}
		}
	})
}

func FuzzLogSoftmax(f *testing.F) {
	seedFloats(f, []float64{1, 1, 2, 3}, []float64{1e-3, -inf, -inf},
		[]float64{1e300, 1e308, -1e308, inf, 0}, []float64{0.5, nan, 2}, []float64{1, 0, -800})
	f.Fuzz(func(t *testing.T, data []byte) {
		xs := floats(data, 33)
		if len(xs) < 2 || !validTemperature(xs[0]) {
			return
		}
		tau, x := xs[0], xs[1:]
		y := NewLogSoftmax(tau).Forward(mat.NewDense(1, len(x), x), false).RawRowView(0)
		hasNaN, finite := false, true
		for _, v := range x {
			hasNaN = hasNaN || math.IsNaN(v)
			finite = finite && !math.IsInf(v, 0) && !math.IsNaN(v)
		}
		for i, v := range y {
			if math.IsNaN(v) != hasNaN || v > 0 {
				t.Fatalf("logsoftmax(%v) at τ=%v = %v: y[%d] must be <= 0, NaN only for NaN input", x, tau, y, i)
			}
		}
		if finite {
			want, _ := refLogSoftmax(x, tau)
			for i := range y {
				if ulps(y[i], want[i]) > 4 {
					t.Fatalf("logsoftmax(%v) at τ=%v = %v, want %v", x, tau, y, want)
				}
			}
		}
	})
}

// FuzzSparse checks Sparsemax and Entmax15 on rows of up to twelve
// entries against the exact projection, and Softmin against Softmax of -x.
func FuzzSparse(f *testing.F) {
	seedFloats(f, []float64{1, 1.5, 2, -inf}, []float64{0, 0, 0}, []float64{1e308, -1e308, 3, 3}, []float64{inf, 2, inf}, []float64{5e-324, math.Copysign(0, -1), 1})
	f.Fuzz(func(t *testing.T, data []byte) {
		xs := floats(data, 12)
		if len(xs) == 0 {
			return
		}
		nan, finite := false, true
		for _, v := range xs {
			nan = nan || v != v
			finite = finite && !math.IsInf(v, 0) && v == v
		}
		x := mat.NewDense(1, len(xs), xs)
		for _, entmax := range []bool{false, true} {
			l := NewSparsemax()
			if entmax {
				l = NewEntmax15()
			}
			y := l.Forward(x, false).RawRowView(0)
			if nan {
				for _, v := range y {
					if v == v {
						t.Fatalf("%v: %v from a row with NaN", xs, y)
					}
				}
				continue
			}
			if !finite {
				continue // the special rows, as Softmax's
			}
			want := refSparse(xs, entmax)
			for i := range y {
				if w := f64(want[i]); ulps(y[i], w) > 4 || y[i] < 0 {
					t.Fatalf("entmax %v, %v: y[%d] = %v, want %v", entmax, xs, i, y[i], w)
				}
			}
		}
		neg := mat.DenseCopyOf(x)
		neg.Scale(-1, neg)
		if !sameBits(NewSoftmax(1).Forward(neg, false), NewSoftmin(1).Forward(x, false)) {
			t.Fatalf("Softmin of %v is not Softmax of -x", xs)
		}
	})
}

// FuzzCrossEntropyLabels runs CrossEntropyLabels on up to 48 logits in
// rows of 1 to 8, with labels from their own bytes (one past the classes
// is the ignored label, -7, or without one -1; two past is out of range),
// and checks the panics, where NaN may appear, and the results against
// refCrossEntropyLabels.
func FuzzCrossEntropyLabels(f *testing.F) {
	f.Add(fuzzBytes(800, 0, 1, 40, 0, -1), []byte{2, 0}, 0.0, false, false, false, uint8(2))
	f.Add(fuzzBytes(-inf, 2, 1, 3, -inf, -inf, 1e300, -1e300, 0), []byte{1, 0, 3}, 0.1, true, true, false, uint8(2))
	f.Add(fuzzBytes(nan, 2, 3, 4, -745, 0), []byte{2, 0, 1}, 1.0, true, false, true, uint8(1))
	f.Add(fuzzBytes(1, 2, 3, 4), []byte{2, 2}, 0.3, true, true, false, uint8(1))
	f.Add(fuzzBytes(1, 2, 3, 4), []byte{5}, 1.5, false, false, false, uint8(3))
	f.Fuzz(func(t *testing.T, data, labelBytes []byte, eps float64, ignore, weighted, sum bool, cols uint8) {
		fuzzCrossEntropyLabels(t, data, labelBytes, nil, eps, ignore, weighted, sum, cols)
	})
}

// FuzzCrossEntropyLabelsMasked runs FuzzCrossEntropyLabels's checks on
// LossMasked, under a mask from its own bytes (bit k of byte k/8 keeps
// entry k; entries past the bytes are kept): the panics of labels at
// classes left out, NaN and ±Inf there changing nothing, rows that keep
// nothing taking no part, and the results against the reference on the
// kept classes.
func FuzzCrossEntropyLabelsMasked(f *testing.F) {
	f.Add(fuzzBytes(800, nan, 1, 40, 0, -1), []byte{2, 0}, []byte{0b111101}, 0.0, false, false, false, uint8(2))
	f.Add(fuzzBytes(-inf, 2, 1, 3, -inf, -inf, 1e300, -1e300, 0), []byte{1, 0, 3}, []byte{0b11000110, 1}, 0.1, true, true, false, uint8(2))
	f.Add(fuzzBytes(nan, 2, 3, 4, -745, 0), []byte{2, 0, 1}, []byte{0b110110}, 1.0, true, false, true, uint8(1))
	f.Add(fuzzBytes(1, 2, 3, 4, 5, 6), []byte{2, 1}, []byte{0b101}, 0.3, true, true, false, uint8(3))
	f.Add(fuzzBytes(1, 2, 3, 4), []byte{0, 1}, []byte{0}, 0.5, false, true, false, uint8(2))
	f.Fuzz(func(t *testing.T, data, labelBytes, keepBytes []byte, eps float64, ignore, weighted, sum bool, cols uint8) {
		if keepBytes == nil {
			keepBytes = []byte{} // a mask that keeps every entry
		}
		fuzzCrossEntropyLabels(t, data, labelBytes, keepBytes, eps, ignore, weighted, sum, cols)
	})
}

// fuzzCrossEntropyLabels is the body of FuzzCrossEntropyLabels, and with
// keepBytes not nil of FuzzCrossEntropyLabelsMasked.
func fuzzCrossEntropyLabels(t *testing.T, data, labelBytes, keepBytes []byte, eps float64, ignore, weighted, sum bool, cols uint8) {
	xs := floats(data, 48)
	c := 1 + int(cols%8)
	r := len(xs) / c
	if r == 0 || len(labelBytes) == 0 {
		return
	}
	x := mat.NewDense(r, c, xs[:r*c])
	opts := CrossEntropyLabelsOptions{Ignore: ignore, IgnoreLabel: -7, Smoothing: eps}
	if weighted {
		opts.Weights = make([]float64, c)
		for k := range c {
			opts.Weights[k] = float64((3*k+1)%5) / 2 // 0 among them
		}
	}
	if sum {
		opts.Reduction = ReduceSum
	}
	if !(eps >= 0 && eps <= 1) {
		want := fmt.Sprintf("activation: NewCrossEntropyLabels: Smoothing is %v, must be in [0, 1]", eps)
		assertPanics(t, want, func() { NewCrossEntropyLabels(&opts) })
		return
	}
	labels := make([]int, r)
	for i := range labels {
		labels[i] = int(labelBytes[i%len(labelBytes)]) % (c + 2)
		if labels[i] == c {
			labels[i] = -1
			if ignore {
				labels[i] = -7
			}
		}
	}
	method, mask := "Loss", (*Mask)(nil)
	if keepBytes != nil {
		keep := make([]bool, r*c)
		for k := range keep {
			keep[k] = k/8 >= len(keepBytes) || keepBytes[k/8]>>(k%8)&1 == 1
		}
		method, mask = "LossMasked", NewMask(r, c, keep)
	}
	l := NewCrossEntropyLabels(&opts)
	lossOf := func() float64 {
		if mask == nil {
			return l.Loss(x, labels)
		}
		return l.LossMasked(x, labels, mask)
	}
	for i, y := range labels {
		ignored := ignore && y == -7
		if !ignored && (y >= c || y < 0) {
			want := fmt.Sprintf("activation: CrossEntropyLabels.%s: row %d has label %d, want a class in [0, %d)", method, i, y, c)
			if ignore {
				want += " or the ignored label -7"
			}
			assertPanics(t, want, func() { lossOf() })
			return
		}
		if !ignored && mask != nil && mask.kept[i] > 0 && !mask.Kept(i, y) {
			want := fmt.Sprintf("activation: CrossEntropyLabels.LossMasked: row %d has label %d, a class the mask leaves out: its loss would be infinite", i, y)
			assertPanics(t, want, func() { lossOf() })
			return
		}
	}
	loss := lossOf()
	grad := l.Backward()

	var weightSum float64
	nanRow, nanKept, special := false, false, false
	for i, y := range labels {
		idx := keptIndices(mask, i, c)
		row := pick(x.RawRowView(i), idx)
		hasNaN := slices.ContainsFunc(row, math.IsNaN)
		nanRow = nanRow || hasNaN
		special = special || hasNaN || slices.Contains(row, inf) || len(row) > 0 && !slices.ContainsFunc(row, func(v float64) bool { return v > -inf })
		for j := range c {
			if !slices.Contains(idx, j) && !same(0, grad.At(i, j)) {
				t.Fatalf("logits %v, labels %v, mask %v, %+v: grad[%d][%d] = %v at a class left out", xs[:r*c], labels, keepBytes, opts, i, j, grad.At(i, j))
			}
		}
		if y == -7 || len(idx) == 0 {
			if !hasNaN {
				for j, v := range grad.RawRowView(i) {
					if v != 0 {
						t.Fatalf("row %d of %v takes no part: grad[%d] = %v", i, row, j, v)
					}
				}
			}
			continue
		}
		nanKept = nanKept || hasNaN
		weightSum += l.weight(y)
	}
	noWeight := !sum && weightSum == 0
	if math.IsNaN(loss) != (nanKept || noWeight) {
		t.Fatalf("logits %v, labels %v, mask %v, %+v: loss %v", xs[:r*c], labels, keepBytes, opts, loss)
	}
	for k, v := range grad.RawMatrix().Data {
		if (math.IsNaN(v) || math.IsInf(v, 0)) && !nanRow && !noWeight {
			t.Fatalf("logits %v, labels %v, mask %v, %+v: grad[%d] = %v", xs[:r*c], labels, keepBytes, opts, k, v)
		}
	}
	if special || noWeight {
		return
	}
	want, wantGrad, terms := refCrossEntropyLabels(x, labels, opts, mask)
	if ulps(loss, want) > 4 {
		t.Fatalf("logits %v, labels %v, mask %v, %+v: loss %v, want %v", xs[:r*c], labels, keepBytes, opts, loss, want)
	}
	for k, v := range grad.RawMatrix().Data {
		if s := terms[k]; math.Abs(v-wantGrad[k]) > 4*(math.Nextafter(s, inf)-s) {
			t.Fatalf("logits %v, labels %v, mask %v, %+v: grad[%d] = %v, want %v (terms %v)", xs[:r*c], labels, keepBytes, opts, k, v, wantGrad[k], s)
		}
	}
}

// FuzzBinaryCrossEntropy runs BinaryCrossEntropy on up to 48 logits in
// rows of 1 to 8, with targets from their own bytes (b/250, above 1 past
// 250), and checks the panics, where NaN may appear, and the results
// against refBinaryCrossEntropy.
func FuzzBinaryCrossEntropy(f *testing.F) {
	f.Add(fuzzBytes(-800, 800, 40, -40, 0, 1e300), []byte{250, 0, 250, 0, 125}, 1.0, false, true, uint8(2))
	f.Add(fuzzBytes(inf, -inf, inf, -inf, nan, -745), []byte{250, 0, 125, 125, 7}, 0.0, true, false, uint8(3))
	f.Add(fuzzBytes(1, 2, 3, 4), []byte{251}, 3.0, true, true, uint8(0))
	f.Add(fuzzBytes(1, 2), []byte{1}, -1.0, false, false, uint8(1))
	f.Fuzz(func(t *testing.T, data, targetBytes []byte, posWeight float64, weighted, sum bool, cols uint8) {
		xs := floats(data, 48)
		c := 1 + int(cols%8)
		r := len(xs) / c
		if r == 0 || len(targetBytes) == 0 {
			return
		}
		x, target := mat.NewDense(r, c, xs[:r*c]), mat.NewDense(r, c, nil)
		var weights *mat.Dense
		if weighted {
			weights = mat.NewDense(r, c, nil)
		}
		for k := range r * c {
			target.Set(k/c, k%c, float64(targetBytes[k%len(targetBytes)])/250)
			if weighted {
				weights.Set(k/c, k%c, float64(k%4)/2) // 0 among them
			}
		}
		opts := BinaryCrossEntropyOptions{PosWeights: slices.Repeat([]float64{posWeight}, c)}
		if sum {
			opts.Reduction = ReduceSum
		}
		if !(posWeight >= 0 && posWeight <= math.MaxFloat64) {
			want := fmt.Sprintf("activation: NewBinaryCrossEntropy: PosWeights[0] is %v, must be finite and not negative", posWeight)
			assertPanics(t, want, func() { NewBinaryCrossEntropy(&opts) })
			return
		}
		if posWeight > 0x1p64 {
			return // w·p·t would overflow where σ(-x) is 0: Inf·0
		}
		l := NewBinaryCrossEntropy(&opts)
		for k, v := range target.RawMatrix().Data {
			if v > 1 {
				want := fmt.Sprintf("activation: BinaryCrossEntropy.Loss: target[%d][%d] is %v, must be in [0, 1]", k/c, k%c, v)
				assertPanics(t, want, func() { l.Loss(x, target, weights) })
				return
			}
		}
		loss := l.Loss(x, target, weights)
		grad := l.Backward()
		hasNaN := slices.ContainsFunc(xs[:r*c], math.IsNaN)
		if math.IsNaN(loss) != hasNaN {
			t.Fatalf("logits %v, targets %v, %+v: loss %v", xs[:r*c], target.RawMatrix().Data, opts, loss)
		}
		for k, v := range grad.RawMatrix().Data {
			if math.IsNaN(v) != math.IsNaN(xs[k]) || math.IsInf(v, 0) {
				t.Fatalf("logits %v, targets %v, %+v: grad[%d] = %v", xs[:r*c], target.RawMatrix().Data, opts, k, v)
			}
		}
		if hasNaN {
			return
		}
		want, wantGrad, terms := refBinaryCrossEntropy(x, target, weights, opts)
		if ulps(loss, want) > 4 {
			t.Fatalf("logits %v, targets %v, %+v: loss %v, want %v", xs[:r*c], target.RawMatrix().Data, opts, loss, want)
		}
		for k, v := range grad.RawMatrix().Data {
			if s := terms[k]; math.Abs(v-wantGrad[k]) > 4*(math.Nextafter(s, inf)-s) && ulps(v, wantGrad[k]) != 0 {
				t.Fatalf("logits %v, targets %v, %+v: grad[%d] = %v, want %v (terms %v)", xs[:r*c], target.RawMatrix().Data, opts, k, v, wantGrad[k], s)
			}
		}
	})
}

// assertPanics fails t unless run panics with want.
func assertPanics(t *testing.T, want string, run func()) {
	t.Helper()
	defer func() {
		if got := recover(); got != want {
			t.Fatalf("panicked with %v, want %s", got, want)
		}
	}()
	run()
}

// FuzzSinCos checks the library's sine and cosine, Snake's, on any
// float64: NaN only for an infinity or NaN, s² + c² = 1, and within 2 ulp
// of math's where its reduction is exact (|x| < 2^29); and Snake on the
// same values for slopes from the fuzz input.
func FuzzSinCos(f *testing.F) {
	seedFloats(f, []float64{0, 1, -1, math.Pi / 4, 0x1p28, 1e22, 6381956970095103 * 0x1p797, math.MaxFloat64, inf, nan, 5e-324})
	f.Fuzz(func(t *testing.T, data []byte) {
		xs := floats(data, 64)
		for i, x := range xs {
			s, c := sincos(x)
			finite := !math.IsInf(x, 0) && x == x
			if finite == (math.IsNaN(s) || math.IsNaN(c)) {
				t.Fatalf("sincos(%v) = %v, %v", x, s, c)
			}
			if !finite {
				continue
			}
			if n := math.FMA(s, s, c*c); math.Abs(n-1) > 0x1p-50 {
				t.Fatalf("sincos(%v) = %v, %v: s² + c² = %v", x, s, c, n)
			}
			if math.Abs(x) < 0x1p29 && (ulps(s, math.Sin(x)) > 2 && math.Abs(s) > 1e-3 || ulps(c, math.Cos(x)) > 2 && math.Abs(c) > 1e-3) {
				t.Fatalf("sincos(%v) = %v, %v; math gives %v, %v", x, s, c, math.Sin(x), math.Cos(x))
			}
			if i > 0 && !math.IsInf(xs[i-1], 0) && xs[i-1] == xs[i-1] {
				alpha := xs[i-1]
				y, d, da := snake(x, alpha)
				if math.IsNaN(y) || !math.IsInf(alpha*x, 0) && (math.IsNaN(d) || math.IsNaN(da)) {
					t.Fatalf("snake(%v) with α = %v: %v, %v, %v", x, alpha, y, d, da)
				}
			}
		}
	})
}
