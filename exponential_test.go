package activation

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestExpTails checks Exp against math/big where e^x is near overflow,
// subnormal or rounds to 0, and at the bounds of those ranges, within the
// exponential's 1 ulp.
func TestExpTails(t *testing.T) {
	rng := rand.New(rand.NewPCG(130, 131))
	xs := []float64{709.782712893384, math.Nextafter(709.782712893384, 710), 709, 708, math.Nextafter(708, 709), -708, -708.4, -709,
		-745.1332191019411, -745.1332191019412, -744.5, -1074 * math.Ln2}
	for range points(20000) {
		xs = append(xs, 700+9.8*rng.Float64(), -708-37.2*rng.Float64())
	}
	y, dy := forwardBackward(NewExp(), xs)
	worst := 0.0
	for i, x := range xs {
		want, _ := refExp(x)
		worst = max(worst, ulps(y[i], want))
		assert.LessOrEqual(t, ulps(y[i], want), 1.0, "e^%v = %v, want %v", x, y[i], want)
		assert.Zero(t, ulps(dy[i], y[i]), "y'(%v) = %v, y %v", x, dy[i], y[i])
	}
	t.Logf("worst error %v ulp", worst)
}
