package activation

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
)

// The library's own elementary functions, which give every platform the
// same bits, against 400-bit references over their whole domains.

func TestExpAgainstHighPrecision(t *testing.T) {
	rng := rand.New(rand.NewPCG(120, 121))
	worst := 0.0
	check := func(x float64) {
		want := f64(bigExp(bf(x)))
		got := exp(x)
		u := ulps(got, want)
		worst = max(worst, u)
		assert.LessOrEqual(t, u, 1.0, "exp(%v) = %v, want %v", x, got, want)
	}
	for e := -30; e <= 9; e++ {
		for range points(100) {
			v := math.Ldexp(1+rng.Float64(), e)
			if v < 709.78 {
				check(v)
			}
			if v < 745 {
				check(-v)
			}
		}
	}
	for range points(20000) {
		check(-745 + 1454.7*rng.Float64())
	}
	for _, x := range []float64{0, -708, 709, 709.78, -709.5, -744.4, -745.13} {
		check(x)
	}
	t.Logf("worst error %v ulp", worst)
	assert.Equal(t, math.Inf(1), exp(709.8))
	assert.Equal(t, math.Inf(1), exp(math.Inf(1)))
	assert.Zero(t, exp(-745.2))
	assert.Zero(t, exp(math.Inf(-1)))
	assert.True(t, math.IsNaN(exp(math.NaN())))
	assert.Equal(t, 5e-324, exp(-744.44))
}

func TestLogAgainstHighPrecision(t *testing.T) {
	rng := rand.New(rand.NewPCG(122, 123))
	worst := 0.0
	for e := -1074; e <= 1023; e++ {
		for range points(10) {
			x := math.Ldexp(1+rng.Float64(), e)
			if math.IsInf(x, 0) {
				continue
			}
			want := f64(bigLog(bf(x)))
			u := ulps(logOf(x), want)
			worst = max(worst, u)
			assert.LessOrEqual(t, u, 1.0, "log(%v) = %v, want %v", x, logOf(x), want)
		}
	}
	for n := 1.0; n <= 100; n++ {
		assert.LessOrEqual(t, ulps(logOf(n), f64(bigLog(bf(n)))), 1.0, "log(%v)", n)
	}
	t.Logf("worst error %v ulp", worst)
	assert.Equal(t, math.Inf(-1), logOf(0))
	assert.Equal(t, math.Inf(1), logOf(math.Inf(1)))
	assert.True(t, math.IsNaN(logOf(math.NaN())))
}

func TestLog1pAgainstHighPrecision(t *testing.T) {
	rng := rand.New(rand.NewPCG(124, 125))
	worst := 0.0
	check := func(w float64) {
		want := f64(bigLog1p(bf(w)))
		u := ulps(log1p(w), want)
		worst = max(worst, u)
		assert.LessOrEqual(t, u, 1.0, "log1p(%v) = %v, want %v", w, log1p(w), want)
	}
	for e := -60; e <= 1023; e++ {
		for range points(10) {
			check(math.Ldexp(1+rng.Float64(), e))
		}
	}
	for range points(10000) {
		check(5 * rng.Float64())
	}
	check(1)
	check(math.Nextafter(1, 2))
	t.Logf("worst error %v ulp", worst)
}

func TestErfcAgainstHighPrecision(t *testing.T) {
	rng := rand.New(rand.NewPCG(126, 127))
	worst := 0.0
	check := func(x float64) {
		want := f64(bigErfc(bf(x)))
		u := ulps(erfc(x), want)
		worst = max(worst, u)
		assert.LessOrEqual(t, u, 2.0, "erfc(%v) = %v, want %v", x, erfc(x), want)
	}
	for range points(4000) {
		check(-6 + 34*rng.Float64())
	}
	for e := -60; e <= 4; e++ {
		for range points(50) {
			v := math.Ldexp(1+rng.Float64(), e)
			check(v)
			check(-v)
		}
	}
	for _, x := range []float64{0, 0.25, 0.84375, 1.25, 1 / 0.35, 6, -6, 27.9, 28, -0.84375, -1.25} {
		check(x)
	}
	t.Logf("worst error %v ulp", worst)
	assert.Equal(t, 0.0, erfc(math.Inf(1)))
	assert.Equal(t, 2.0, erfc(math.Inf(-1)))
	assert.True(t, math.IsNaN(erfc(math.NaN())))
}
