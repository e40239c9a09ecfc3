package activation

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestSqrtSoftplusTails checks SqrtSoftplus and its derivative against
// math/big where e^x is subnormal or 0 and y and y' are e^(x/2) and
// e^(x/2)/2, down to where they underflow too, and on the right up to
// MaxFloat64, where they are √x and 1/(2√x).
func TestSqrtSoftplusTails(t *testing.T) {
	rng := rand.New(rand.NewPCG(132, 133))
	xs := []float64{-708, math.Nextafter(-708, -709), -745.2, -1416, math.Nextafter(-1416, -1417), -1488, -1490, -1491, 708, 709, 710, math.MaxFloat64}
	for range points(20000) {
		xs = append(xs, -700-800*rng.Float64(), math.Ldexp(1+rng.Float64(), 9+rng.IntN(1015)))
	}
	y, dy := forwardBackward(NewSqrtSoftplus(), xs)
	var worstY, worstDy float64
	for i, x := range xs {
		wantY, wantDy := refSqrtSoftplus(x)
		worstY, worstDy = max(worstY, ulps(y[i], wantY)), max(worstDy, ulps(dy[i], wantDy))
		assert.LessOrEqual(t, ulps(y[i], wantY), 4.0, "y(%v) = %v, want %v", x, y[i], wantY)
		assert.LessOrEqual(t, ulps(dy[i], wantDy), 4.0, "y'(%v) = %v, want %v", x, dy[i], wantDy)
	}
	t.Logf("worst errors %v ulp (y), %v ulp (y')", worstY, worstDy)
}
