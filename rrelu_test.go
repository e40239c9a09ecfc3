package activation

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

func TestRReLU(t *testing.T) {
	const lower, upper = 0.1, 0.4
	rng := rand.New(rand.NewPCG(80, 81))
	const r, c = 300, 500
	x := randomDense(rng, r, c, 2)
	ones := mat.NewDense(r, c, nil)
	ones.Apply(func(int, int, float64) float64 { return 1 }, ones)

	l := NewRReLU(lower, upper, 42)
	y := mat.DenseCopyOf(l.Forward(x, true))
	slope := mat.DenseCopyOf(l.Backward(ones))
	var sum float64
	var n int
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := range r {
		for j := range c {
			v, a := x.At(i, j), slope.At(i, j)
			if v >= 0 {
				require.Equal(t, v, y.At(i, j))
				require.Equal(t, 1.0, a)
				continue
			}
			require.Equal(t, a*v, y.At(i, j), "y = a·x with the a Backward uses")
			require.True(t, a >= lower && a <= upper, "slope %v outside [%v, %v]", a, lower, upper)
			u := (a - lower) / (upper - lower)
			sum += u
			n++
			lo, hi = min(lo, a), max(hi, a)
		}
	}
	// Uniform on [0, 1): the mean of n draws is 1/2 within a few of
	// 1/√(12n), and the extremes are near the ends.
	assert.InDelta(t, 0.5, sum/float64(n), 5/math.Sqrt(12*float64(n)))
	assert.Less(t, lo-lower, 0.001)
	assert.Less(t, upper-hi, 0.001)

	// The same seed draws the same slopes; the next Forward, another seed
	// or a clone at another point draw others.
	again := NewRReLU(lower, upper, 42)
	assert.True(t, sameBits(y, again.Forward(x, true)))
	clone := again.Clone()
	next := mat.DenseCopyOf(again.Forward(x, true))
	assert.False(t, sameBits(y, next), "the second Forward drew the first's slopes")
	assert.True(t, sameBits(next, clone.Forward(x, true)), "a clone draws what its original draws next")
	assert.False(t, sameBits(y, NewRReLU(lower, upper, 43).Forward(x, true)), "another seed drew the same slopes")

	// A view, and a batch of the first rows alone, draw what the whole
	// batch draws there.
	parent := mat.NewDense(r+2, c+5, nil)
	view := parent.Slice(1, r+1, 3, c+3).(*mat.Dense)
	view.Copy(x)
	assert.True(t, sameBits(y, NewRReLU(lower, upper, 42).Forward(view, true)))
	top := NewRReLU(lower, upper, 42).Forward(x.Slice(0, 7, 0, c).(*mat.Dense), true)
	assert.True(t, sameBits(y.Slice(0, 7, 0, c).(*mat.Dense), top))

	// Inference takes the mean slope; it draws nothing and changes no
	// later draw.
	fresh := NewRReLU(lower, upper, 42)
	inf := fresh.Forward(x, false)
	for i := range r {
		for j := range c {
			if v := x.At(i, j); v < 0 {
				require.Equal(t, (lower/2+upper/2)*v, inf.At(i, j))
			}
		}
	}
	assert.True(t, sameBits(y, fresh.Forward(x, true)))

	// A loaded layer draws what a new one with its seed draws.
	data, err := Marshal(NewRReLU(lower, upper, 1<<53))
	require.NoError(t, err)
	back, err := Unmarshal(data)
	require.NoError(t, err)
	assert.Equal(t, uint64(1<<53), back.(*RReLU).Config()["seed"])
	assert.True(t, sameBits(NewRReLU(lower, upper, 1<<53).Forward(x, true), back.Forward(x, true)))
	assert.PanicsWithValue(t, "activation: NewRReLU: seed is 9007199254740993, must be a whole number from 0 to 2^53",
		func() { NewRReLU(lower, upper, 1<<53+1) })
}

// TestRReLUSeedZero takes the smallest seed the doc allows: it is a seed
// like any other, drawing the same slopes each time, other slopes than
// seed 1, and saved and loaded as 0.
func TestRReLUSeedZero(t *testing.T) {
	x := mat.NewDense(3, 5, []float64{-1, -2, -3, -4, -5, -6, -7, -8, -9, -10, -11, -12, -13, -14, -15})
	y := mat.DenseCopyOf(NewRReLU(0.125, 1.0/3, 0).Forward(x, true))
	assert.True(t, sameBits(y, NewRReLU(0.125, 1.0/3, 0).Forward(x, true)), "seed 0 drew other slopes the second time")
	assert.False(t, sameBits(y, NewRReLU(0.125, 1.0/3, 1).Forward(x, true)), "seeds 0 and 1 drew the same slopes")
	data, err := Marshal(NewRReLU(0.125, 1.0/3, 0))
	require.NoError(t, err)
	back, err := Unmarshal(data)
	require.NoError(t, err)
	assert.Equal(t, uint64(0), back.(*RReLU).Config()["seed"])
	assert.True(t, sameBits(y, back.Forward(x, true)))
}

// TestRReLUInferenceSlopeAtExtremeBounds checks the inference slope
// (lower+upper)/2, rounded once, where lower/2 + upper/2 would round twice
// (subnormal bounds) and where lower + upper would overflow (bounds near
// MaxFloat64), on every path. The expected slopes are (lower+upper)/2 in
// math/big, rounded to float64.
func TestRReLUInferenceSlopeAtExtremeBounds(t *testing.T) {
	for _, tc := range []struct{ lower, upper float64 }{
		{5e-324, 5e-324},
		{5e-324, 1e-323},
		{0, 5e-324},
		{0, 1.5e-323},
		{2.2250738585072014e-308, 2.225073858507202e-308},
		{math.MaxFloat64, math.MaxFloat64},
		{math.Nextafter(math.MaxFloat64, 0), math.MaxFloat64},
		{0, math.MaxFloat64},
		{0.125, 1.0 / 3},
	} {
		sum := newBig().Add(bf(tc.lower), bf(tc.upper))
		want := f64(sum.Quo(sum, bf(2)))
		x := make([]float64, 37)
		for i := range x {
			x[i] = -1
		}
		for _, p := range vectorPaths() {
			p.run(func() {
				y := NewRReLU(tc.lower, tc.upper, 7).Forward(mat.NewDense(1, len(x), x), false)
				for i := range x {
					assert.Equal(t, -want, y.At(0, i), "%s, bounds [%v, %v]: y(-1) = %v, want %v", p.name, tc.lower, tc.upper, y.At(0, i), -want)
				}
			})
		}
	}
}
