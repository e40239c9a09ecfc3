package activation

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestExactSum checks the long accumulator against math/big on sums whose
// terms span every binade it holds and cancel to every depth.
func TestExactSum(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for trial := range 2000 {
		var a exactSum
		want := new(big.Float).SetPrec(2400)
		terms := 1 + rng.IntN(12)
		for i := range terms {
			v := math.Ldexp(rng.Float64(), rng.IntN(1174)-1074)
			if rng.IntN(2) == 0 {
				v = -v
			}
			if trial%3 == 1 && i > 0 {
				v = -v * (1 + 0x1p-52*float64(rng.IntN(3)-1)) // near cancellation
			}
			a.add(v)
			want.Add(want, new(big.Float).SetFloat64(v))
		}
		if trial%5 == 0 {
			a.add(0)
			a.add(math.Copysign(0, -1))
		}
		got := a.value()
		assert.Equal(t, want.Sign() > 0, a.positive(), "sign of %v", want)
		g := new(big.Float).SetPrec(2400).SetFloat64(got.hi)
		g.Add(g, new(big.Float).SetFloat64(got.lo))
		diff := new(big.Float).Sub(g, want)
		bound := new(big.Float).Mul(new(big.Float).Abs(want), big.NewFloat(0x1p-104))
		bound.Add(bound, big.NewFloat(5e-324))
		assert.True(t, diff.Abs(diff).Cmp(bound) <= 0, "sum %v, got %v + %v", want, got.hi, got.lo)
	}
	var a exactSum
	a.addProduct(3, -0x1p-1074)
	assert.Equal(t, dd{-3 * 0x1p-1074, 0}, a.value())
	assert.False(t, a.positive())
}
