package activation

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// refHardSigmoidAffine returns max(0, min(1, αx + β)) with αx + β exact,
// rounded once, and α where that is inside (0, 1).
func refHardSigmoidAffine(alpha, beta float64) func(float64) (float64, float64) {
	return func(x float64) (y, dy float64) {
		var e float64
		switch {
		case x != x:
			return x, x
		case alpha == 0:
			e = beta
		case math.IsInf(x, 0):
			e = math.Copysign(inf, alpha*x)
		default:
			e = f64(newBig().Add(newBig().Mul(bf(alpha), bf(x)), bf(beta)))
		}
		if y = min(max(e, 0), 1); 0 < y && y < 1 {
			return y, alpha
		}
		return y, 0
	}
}

// TestHardSigmoidAffineExact checks ONNX's HardSigmoid against its closed
// form on the sweep, the special values and the float64s at and next to
// its kinks, for slopes of both signs, 0, and the extremes.
func TestHardSigmoidAffineExact(t *testing.T) {
	for _, tc := range []struct{ alpha, beta float64 }{
		{0.2, 0.5}, {1.0 / 6, 0.5}, {-0.3, 0.1}, {0.7, -3}, {0, 0.7}, {0, -2}, {0, 5}, {0, 1},
		{1e300, 0.5}, {-1e308, 1e308}, {5e-324, 0.5}, {1e-300, 1e-300}, {3, 1e300}, {1, 0},
	} {
		t.Run(fmt.Sprintf("%v,%v", tc.alpha, tc.beta), func(t *testing.T) {
			ref := refHardSigmoidAffine(tc.alpha, tc.beta)
			xs := append(sweep(points(3000)), 0, math.Copysign(0, -1), inf, -inf, nan, 1e308, -1e308, math.MaxFloat64, -math.MaxFloat64, 5e-324)
			if tc.alpha != 0 {
				for _, k := range []float64{-tc.beta / tc.alpha, (1 - tc.beta) / tc.alpha} {
					for x, i := k, 0; i < 4; x, i = up(x), i+1 {
						xs = append(xs, x, fromOrdered(ordered(k)-int64(i)))
					}
				}
			}
			y, dy := forwardBackward(NewHardSigmoidAffine(tc.alpha, tc.beta), xs)
			for i, x := range xs {
				wantY, wantDy := ref(x)
				require.Zero(t, ulps(y[i], wantY), "y(%v) = %v, want %v", x, y[i], wantY)
				require.Zero(t, ulps(dy[i], wantDy), "y'(%v) = %v, want %v", x, dy[i], wantDy)
				require.True(t, x != x || !math.Signbit(y[i]), "y(%v) = %v", x, y[i])
			}
		})
	}
}
