package activation

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

func TestHardmax(t *testing.T) {
	negZero := math.Copysign(0, -1)
	for _, tc := range []struct {
		name string
		x    []float64
		want []float64
	}{
		{"plain", []float64{1, 3, 2}, []float64{0, 1, 0}},
		{"tie", []float64{2, 5, 5, 1}, []float64{0, 1, 0, 0}},
		{"one column", []float64{-7}, []float64{1}},
		{"all -Inf", []float64{-inf, -inf, -inf}, []float64{1, 0, 0}},
		{"-Inf and a number", []float64{-inf, -1e308, -inf}, []float64{0, 1, 0}},
		{"+Inf", []float64{1e308, inf, 3, inf}, []float64{0, 1, 0, 0}},
		{"NaN", []float64{1, nan, 3}, []float64{nan, nan, nan}},
		{"NaN and +Inf", []float64{inf, 2, nan}, []float64{nan, nan, nan}},
		{"signed zeros", []float64{-1, negZero, 0}, []float64{0, 1, 0}},
		{"tiny", []float64{5e-324, 0, -5e-324}, []float64{1, 0, 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := len(tc.x)
			l := NewHardmax()
			y := l.Forward(mat.NewDense(1, n, slices.Clone(tc.x)), true).RawRowView(0)
			g := make([]float64, n)
			for j := range g {
				g[j] = []float64{1, -inf, nan, 2.5}[j%4]
			}
			dx := l.Backward(mat.NewDense(1, n, g)).RawRowView(0)
			for j := range n {
				require.True(t, same(tc.want[j], y[j]), "y = %v, want %v", y, tc.want)
				require.True(t, same(0*tc.want[j], dx[j]), "dx = %v: 0, or NaN in a NaN row", dx)
			}
		})
	}
}

// TestHardmaxAgainstArgmax checks Hardmax on random rows, with ties, -Inf
// and +Inf among them, against the first index of the maximum found by a
// plain loop, on every vector path.
func TestHardmaxAgainstArgmax(t *testing.T) {
	rng := rand.New(rand.NewPCG(134, 135))
	for _, path := range vectorPaths() {
		for cols := 1; cols <= 40; cols++ {
			x := make([]float64, 7*cols)
			for i := range x {
				x[i] = float64(rng.IntN(9)) - 4 // ties
				if rng.IntN(10) == 0 {
					x[i] = []float64{-inf, inf, 1e308, -1e308, math.Copysign(0, -1)}[rng.IntN(5)]
				}
			}
			var y []float64
			path.run(func() { y = NewHardmax().Forward(mat.NewDense(7, cols, slices.Clone(x)), false).RawMatrix().Data })
			for r := range 7 {
				row := x[r*cols : (r+1)*cols]
				first := 0
				for j, v := range row {
					if v > row[first] {
						first = j
					}
				}
				for j := range row {
					assert.Equal(t, choose(j == first, 1, 0), y[r*cols+j], "%s: row %v", path.name, row)
				}
			}
		}
	}
}
