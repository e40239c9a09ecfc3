package activation

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// shrinkInputs returns the sweep's inputs, the specials, and each bound
// with its neighbours.
func shrinkInputs(lambda float64) []float64 {
	xs := append(sweep(points(3000)), 0, math.Copysign(0, -1), inf, -inf, nan, 1e308, -1e308, 5e-324, -5e-324)
	for _, b := range []float64{lambda, -lambda} {
		xs = append(xs, b, up(b), down(b))
	}
	return xs
}

// TestShrinkExact checks ONNX's Shrink against its closed form, x ∓ bias
// rounded once from math/big, and its derivative, 1 outside [-λ, λ].
func TestShrinkExact(t *testing.T) {
	for _, tc := range []struct{ lambda, bias float64 }{
		{0.5, 0}, {0.5, 0.5}, {0.5, 0.2}, {0.5, -1.5}, {0, 0.25}, {0, 0}, {3, 1e300}, {1e-300, 7},
	} {
		t.Run(fmt.Sprintf("%v,%v", tc.lambda, tc.bias), func(t *testing.T) {
			xs := shrinkInputs(tc.lambda)
			y, dy := forwardBackward(NewShrink(tc.lambda, tc.bias), xs)
			for i, x := range xs {
				wantY, wantDy := 0.0, 0.0
				switch {
				case x != x:
					wantY, wantDy = x, x
				case math.IsInf(x, 0):
					wantY, wantDy = x, 1
				case x < -tc.lambda:
					wantY, wantDy = f64(newBig().Add(bf(x), bf(tc.bias))), 1
				case x > tc.lambda:
					wantY, wantDy = f64(newBig().Sub(bf(x), bf(tc.bias))), 1
				}
				require.Zero(t, ulps(y[i], wantY), "y(%v) = %v, want %v", x, y[i], wantY)
				require.Zero(t, ulps(dy[i], wantDy), "y'(%v) = %v, want %v", x, dy[i], wantDy)
			}
		})
	}
}

// TestShrinkIsSoftshrinkAndHardshrink checks that Shrink with bias λ and
// bias 0 gives Softshrink's and Hardshrink's bits, the signs of zeros
// included.
func TestShrinkIsSoftshrinkAndHardshrink(t *testing.T) {
	for _, lambda := range []float64{0, 5e-324, 0.5, 2, 1e300} {
		xs := shrinkInputs(lambda)
		for _, tc := range []struct {
			name string
			want *Activation
			bias float64
		}{
			{"Softshrink", NewSoftshrink(lambda), lambda},
			{"Hardshrink", NewHardshrink(lambda), 0},
		} {
			wantY, wantDy := forwardBackward(tc.want, xs)
			y, dy := forwardBackward(NewShrink(lambda, tc.bias), xs)
			for i, x := range xs {
				require.True(t, same(wantY[i], y[i]) && same(wantDy[i], dy[i]),
					"λ = %v, x = %v: Shrink gives %v, %v; %s %v, %v", lambda, x, y[i], dy[i], tc.name, wantY[i], wantDy[i])
			}
		}
	}
}
