package activation

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// Snake is the periodic activation of BigVGAN and the DAC audio codecs
// (Ziyin et al., 2020), y = x + sin²(αx)/α, with one learnable α per
// column: Params()["alpha"] is a 1 x features Value with its Grad.
//
// Its derivative is 1 + sin(2αx), and dLoss/dα_j is the sum over the batch
// of g·(x·sin(2αx)/α - sin²(αx)/α²) in column j, written as q·(2x·cos(αx)
// - q), q = sin(αx)/α, which has no 0/0 and tends to x² as α → 0. α = 0 is
// that limit: y = x, y' = 1, dy/dα = x² (the frameworks add 1e-9 to α
// instead, which is off by up to 1e-9/α relative). The sine is the
// library's own (sin.go), reduced exactly for every float64, and αx is
// carried in double-double. Where 1 + sin(2αx) or x·cos(αx) - q nears 0
// their error is measured against the magnitudes of the terms, as for
// Swish's derivative.
//
// Gradients are set (not accumulated) by each Backward and summed per
// column in blocks of rows that do not depend on GOMAXPROCS.
//
// Special cases are:
//
//	y(±Inf) = ±Inf, y'(±Inf) = NaN (1 + sin 2αx has no limit), 1 for α = 0
//	y(x) = x, y'(x) = NaN where αx overflows, for the same reason
//	y(NaN) = NaN, y'(NaN) = NaN
type Snake struct {
	engine
	learned
}

// NewSnake returns a Snake layer for batches of features columns, every α
// starting at alpha (BigVGAN's and DAC's 1). It panics if features < 1 or
// alpha is not finite.
func NewSnake(features int, alpha float64) *Snake {
	if err := checkPerFeature(features, alpha); err != nil {
		panic("activation: NewSnake: " + err.Error())
	}
	s := &Snake{learned: newLearned("alpha", features, alpha)}
	s.engine = engine{name: "Snake", kernel: s, rowwise: true}
	return s
}

// Forward returns Snake of input with the current α, column j with α_j.
// With training set it keeps a private copy of input for Backward. The
// result belongs to the layer and is overwritten by its next Forward.
// Forward panics if input has other than features columns.
func (s *Snake) Forward(input *mat.Dense, training bool) *mat.Dense {
	s.made("Snake", "Forward")
	return s.forward(input, training)
}

// Backward returns dLoss/dInput for the last training Forward, with the α
// it used, and sets Params()["alpha"].Grad. The result belongs to the
// layer and is overwritten by its next Backward.
func (s *Snake) Backward(outputGrad *mat.Dense) *mat.Dense {
	s.made("Snake", "Backward")
	return s.backward(outputGrad)
}

// Config returns the name "Snake", features and the constructor's alpha;
// Marshal saves the learned α beside them.
func (s *Snake) Config() map[string]any {
	s.made("Snake", "Config")
	return map[string]any{"name": s.name, "features": len(s.values), "alpha": s.start}
}

// Clone returns a new Snake with the same features and constructor alpha
// and a copy of the current α, its gradient zero and none of s's state,
// for use at another place in a network or by another goroutine.
func (s *Snake) Clone() Layer {
	s.made("Snake", "Clone")
	c := &Snake{learned: s.cloneLearned()}
	c.engine = engine{name: s.name, kernel: c, rowwise: true}
	return c
}

func (s *Snake) prepare(_, c int, training bool) {
	if c != len(s.values) {
		panic(s.errorf("Forward", "input has %d columns, layer has %d features", c, len(s.values)))
	}
	s.read(training)
}

func (s *Snake) forwardRows(y, saved, x []float64, _ int, _ bool) {
	y, alpha := y[:len(x)], s.values[:len(x)]
	for j, v := range x {
		y[j], _, _ = snake(v, alpha[j])
	}
	copy(saved, x)
}

func (s *Snake) backwardRows(dx, g, x []float64, block int, _ bool) {
	g, x = g[:len(dx)], x[:len(dx)]
	alpha, sums := s.kept[:len(dx)], s.sums.block(block)[:len(dx)]
	for j, v := range x {
		_, d, t := snake(v, alpha[j])
		dx[j] = g[j] * d
		sums[j].addProduct(g[j], t)
	}
}

// snake returns x + sin²(αx)/α, its derivative in x, 1 + 2·sin·cos, and
// in α, q·(2x·cos - q) with q = sin(αx)/α, x itself where |αx| < 2^-27:
// there αx may be subnormal and have lost digits, and α may be 0.
func snake(x, alpha float64) (y, dx, dalpha float64) {
	u := float64(alpha * x)
	sn, cs := sincosDD(u, math.FMA(alpha, x, -u))   // of αx exactly
	q := choose(math.Abs(u) < 0x1p-27, x, sn/alpha) // sin(αx)/α rounds to x there, α = 0 included
	if math.IsInf(u, 0) || math.IsInf(x, 0) {
		// sin²(αx)/α is at most 1/|α|, below half an ulp of x; the
		// derivatives have no limit, but for α = 0.
		if alpha == 0 {
			return x, 1, x * x
		}
		return x, math.NaN(), math.NaN()
	}
	return x + float64(sn*q), math.FMA(2*sn, cs, 1), q * math.FMA(2*x, cs, -q)
}
