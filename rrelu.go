package activation

import (
	"fmt"
	"math"
	"strconv"

	"gonum.org/v1/gonum/mat"
)

// RReLU is the randomized leaky rectified linear unit (Xu et al., 2015;
// PyTorch's RReLU): y = x for x >= 0 and a·x otherwise. In a training
// Forward each element gets a slope a of its own, drawn uniformly from
// [lower, upper], which Backward uses; in inference a = (lower+upper)/2.
//
// The slopes come from a generator seeded by the constructor's seed: the
// slope of element k (counting along rows) in the n-th training Forward is
// the k-th output of SplitMix64 from a state made of seed and n, so runs
// repeat bit for bit, whatever GOMAXPROCS. A layer loaded by Unmarshal
// draws what a new one with that seed would.
//
// Special cases are:
//
//	y(+Inf) = +Inf, y'(+Inf) = 1
//	y(-Inf) = -Inf, y'(-Inf) = a; y(-Inf) = 0 when a = 0
//	y(NaN) = NaN, y'(NaN) = NaN
type RReLU struct {
	engine
	lower, upper float64
	seed         uint64
	steps        uint64 // training Forwards so far
	state        uint64 // the generator's state for the running one
	cols         int    // of the running Forward's batch
	training     bool   // the running Forward is a training one
}

// NewRReLU returns an RReLU layer whose training slopes are drawn from
// [lower, upper] by a generator seeded with seed; PyTorch's defaults are
// lower = 1/8 and upper = 1/3. It panics unless 0 <= lower <= upper, both
// finite, and seed <= 2^53, which JSON numbers carry exactly.
func NewRReLU(lower, upper float64, seed uint64) *RReLU {
	err := checkRReLU(lower, upper, float64(seed))
	if err == nil && seed > maxSeed { // float64(seed) may have rounded to 2^53
		err = fmt.Errorf("seed is %d, must be a whole number from 0 to 2^53", seed)
	}
	if err != nil {
		panic("activation: NewRReLU: " + err.Error())
	}
	r := &RReLU{lower: lower, upper: upper, seed: seed}
	r.engine = engine{name: "RReLU", kernel: r}
	return r
}

// maxSeed bounds RReLU's seed: JSON numbers, float64s, carry whole numbers
// exactly up to 2^53.
const maxSeed = 1 << 53

// checkRReLU reports arguments that NewRReLU refuses.
func checkRReLU(lower, upper, seed float64) error {
	switch {
	case !(lower >= 0 && lower <= math.MaxFloat64):
		return fmt.Errorf("lower is %v, must be finite and not negative", lower)
	case !(upper >= lower && upper <= math.MaxFloat64):
		return fmt.Errorf("upper is %v, must be finite and at least lower (%v)", upper, lower)
	case !(seed >= 0 && seed <= maxSeed && seed == math.Trunc(seed)):
		return fmt.Errorf("seed is %s, must be a whole number from 0 to 2^53", strconv.FormatFloat(seed, 'f', -1, 64))
	}
	return nil
}

// Forward returns the RReLU of input: with training set, with a new slope
// drawn for every element, which it keeps for Backward; without, with
// slope (lower+upper)/2. The result belongs to the layer and is
// overwritten by its next Forward.
func (r *RReLU) Forward(input *mat.Dense, training bool) *mat.Dense {
	r.made("RReLU", "Forward")
	return r.forward(input, training)
}

// Backward returns dLoss/dInput for the last training Forward, with the
// slopes it drew. The result belongs to the layer and is overwritten by
// its next Backward.
func (r *RReLU) Backward(outputGrad *mat.Dense) *mat.Dense {
	r.made("RReLU", "Backward")
	return r.backward(outputGrad)
}

// Params returns nil: the slopes of RReLU are drawn, not learned.
func (r *RReLU) Params() map[string]Param { return nil }

// Config returns the name "RReLU", lower, upper and seed.
func (r *RReLU) Config() map[string]any {
	r.made("RReLU", "Config")
	return map[string]any{"name": r.name, "lower": r.lower, "upper": r.upper, "seed": r.seed}
}

// Clone returns a new RReLU with the same lower, upper and seed, at the
// same point of its generator: it draws what r would draw next. Clones
// given to goroutines therefore draw alike; give each its own seed for
// independent slopes.
func (r *RReLU) Clone() Layer {
	r.made("RReLU", "Clone")
	c := NewRReLU(r.lower, r.upper, r.seed)
	c.steps = r.steps
	return c
}

func (r *RReLU) prepare(_, c int, training bool) {
	r.cols, r.training = c, training
	if training {
		r.steps++
		r.state = splitMix(splitMix(r.seed) + r.steps)
	}
}

func (r *RReLU) forwardRows(y, dy, x []float64, row int, stream bool) {
	if !r.training {
		leakyRows(y, nil, x, r.inferenceSlope(), stream)
		return
	}
	y, dy = y[:len(x)], dy[:len(x)]
	k := uint64(row * r.cols)
	width := r.upper - r.lower
	for i, v := range x {
		// SplitMix64's output after k+i+1 steps from the state, as a
		// float64 in [0, 1).
		u := float64(splitMix(r.state+(k+uint64(i)+1)*golden)>>11) * 0x1p-53
		a := math.FMA(width, u, r.lower)
		y[i] = leaky(v, a)
		dy[i] = choose(v >= 0, 1, a)
		if v != v {
			dy[i] = v
		}
	}
}

// inferenceSlope returns the slope of an inference Forward.
// inferenceSlope returns (lower+upper)/2 rounded once: the sum halved,
// exact where the sum is normal and exact itself where it is subnormal, or
// the halves summed where the sum would overflow (the halves are exact
// there). lower/2 + upper/2 everywhere rounded twice in the subnormals: 0
// for lower = upper = 5e-324.
func (r *RReLU) inferenceSlope() float64 {
	if s := r.lower + r.upper; s <= math.MaxFloat64 {
		return s / 2
	}
	return r.lower/2 + r.upper/2
}

func (r *RReLU) backwardRows(dx, g, dy []float64, _ int, stream bool) {
	mul(dx, g, dy, stream)
}

// golden is SplitMix64's increment, 2^64 over the golden ratio.
const golden = 0x9e3779b97f4a7c15

// splitMix returns SplitMix64's output for the state z (Steele, Lea and
// Flood, 2014).
func splitMix(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}
