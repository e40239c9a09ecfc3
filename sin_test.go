package activation

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sincos returns sin x and cos x as Snake's sincosDD does.
func sincos(x float64) (s, c float64) { return sincosDD(x, 0) }

// bigPiBits returns π to prec bits by Machin's formula, π/4 = 4·atan(1/5)
// - atan(1/239), independent of the tables and constants under test.
func bigPiBits(prec uint) *big.Float {
	atanInv := func(n int64) *big.Float { // atan(1/n) = Σ (-1)^k / ((2k+1)·n^(2k+1))
		sum := new(big.Float).SetPrec(prec)
		pow := new(big.Float).SetPrec(prec).Quo(new(big.Float).SetPrec(prec).SetInt64(1), new(big.Float).SetInt64(n))
		n2 := new(big.Float).SetPrec(prec).SetInt64(n * n)
		for k := int64(0); pow.MantExp(nil) > -int(prec)-8; k++ {
			t := new(big.Float).SetPrec(prec).Quo(pow, new(big.Float).SetInt64(2*k+1))
			if k%2 == 1 {
				t.Neg(t)
			}
			sum.Add(sum, t)
			pow.Quo(pow, n2)
		}
		return sum
	}
	pi := new(big.Float).SetPrec(prec).Mul(new(big.Float).SetInt64(4), atanInv(5))
	pi.Sub(pi, atanInv(239))
	return pi.Mul(pi, new(big.Float).SetInt64(4))
}

// TestTwoOverPiTable checks sin.go's table of 2/π and its three parts of
// π/2 against π from Machin's formula.
func TestTwoOverPiTable(t *testing.T) {
	const prec = 1600
	pi := bigPiBits(prec)
	f := new(big.Float).SetPrec(prec).Quo(new(big.Float).SetPrec(prec).SetInt64(2), pi)
	require.Zero(t, twoOverPi[0])
	word := new(big.Float).SetPrec(prec).SetMantExp(big.NewFloat(1), 64)
	for i := 1; i < len(twoOverPi); i++ {
		f.Mul(f, word)
		w, _ := f.Int(nil)
		require.Equal(t, w.Uint64(), twoOverPi[i], "word %d", i)
		f.Sub(f, new(big.Float).SetPrec(prec).SetInt(w))
	}
	rest := new(big.Float).SetPrec(prec).Quo(pi, new(big.Float).SetInt64(2))
	for _, part := range []float64{pio2Hi, pio2Mid, pio2Lo} {
		v, _ := rest.Float64()
		require.Equal(t, v, part)
		rest.Sub(rest, new(big.Float).SetFloat64(part))
	}
}

// refSinCos returns sin x and cos x as float64s, from refSinCosBig.
func refSinCos(pio2 *big.Float) func(x float64) (s, c float64) {
	return func(x float64) (s, c float64) {
		bs, bc := refSinCosBig(pio2, new(big.Float).SetPrec(2400).SetFloat64(x))
		s, _ = bs.Float64()
		c, _ = bc.Float64()
		return s, c
	}
}

// refSinCosBig returns sin x and cos x, x reduced by π/2 at 2400 bits (x
// up to 2^1024 keeps 1300 bits of its remainder) and the Taylor series at
// 300.
func refSinCosBig(pio2, x *big.Float) (s, c *big.Float) {
	const prec = 300
	k := new(big.Float).SetPrec(2400).Quo(x, pio2)
	ki, _ := k.Int(nil)
	frac := new(big.Float).SetPrec(2400).Sub(k, new(big.Float).SetPrec(2400).SetInt(ki))
	if frac.Cmp(big.NewFloat(0.5)) > 0 { // to nearest
		ki.Add(ki, big.NewInt(1))
	} else if frac.Cmp(big.NewFloat(-0.5)) < 0 {
		ki.Sub(ki, big.NewInt(1))
	}
	r := new(big.Float).SetPrec(2400).Mul(new(big.Float).SetPrec(2400).SetInt(ki), pio2)
	r.Sub(x, r)
	r.SetPrec(prec)
	sum := [2]*big.Float{new(big.Float).SetPrec(prec), new(big.Float).SetPrec(prec)} // sin, cos
	term := new(big.Float).SetPrec(prec).SetInt64(1)
	for n := 0; n < 4 || term.Sign() != 0 && term.MantExp(nil) > min(0, r.MantExp(nil))-prec-8; n++ {
		switch n % 4 {
		case 0:
			sum[1].Add(sum[1], term)
		case 1:
			sum[0].Add(sum[0], term)
		case 2:
			sum[1].Sub(sum[1], term)
		default:
			sum[0].Sub(sum[0], term)
		}
		term.Mul(term, r)
		term.Quo(term, new(big.Float).SetInt64(int64(n+1)))
	}
	sr, cr := sum[0], sum[1]
	switch new(big.Int).And(ki, big.NewInt(3)).Int64() {
	case 1:
		return cr, sr.Neg(sr)
	case 2:
		return sr.Neg(sr), cr.Neg(cr)
	case 3:
		return cr.Neg(cr), sr
	}
	return sr, cr
}

// TestSinCos holds sincos to 1 ulp over every binade of both signs, from
// the smallest subnormal to the largest float64, at the float64s nearest
// the multiples of π/2 up to 2^20 of them, and at the float64 nearest a
// multiple of π/2 of all (Kahan and McDonald's 6381956970095103·2^797,
// 4.7e-19 from one).
func TestSinCos(t *testing.T) {
	pi := bigPiBits(2600)
	pio2 := new(big.Float).SetPrec(2600).Quo(pi, big.NewFloat(2))
	ref := refSinCos(pio2)
	rng := rand.New(rand.NewPCG(110, 111))
	worst := 0.0
	check := func(x float64) {
		s, c := sincos(x)
		ws, wc := ref(x)
		us, uc := ulps(s, ws), ulps(c, wc)
		worst = max(worst, us, uc)
		require.LessOrEqual(t, us, 1.0, "sin(%v) = %v, want %v", x, s, ws)
		require.LessOrEqual(t, uc, 1.0, "cos(%v) = %v, want %v", x, c, wc)
	}
	for e := -1074; e <= 1023; e++ {
		for range points(10) {
			x := math.Ldexp(1+rng.Float64(), e)
			if math.IsInf(x, 0) {
				x = math.MaxFloat64
			}
			check(x)
			check(-x)
		}
	}
	for range points(3000) {
		k := rng.Int64N(1 << 20)
		x, _ := new(big.Float).Mul(new(big.Float).SetPrec(2600).SetInt64(k), pio2).Float64()
		check(x)
		check(math.Nextafter(x, 0))
	}
	for _, x := range []float64{0x1p28, math.Nextafter(0x1p28, 0), math.Pi / 4, math.Nextafter(math.Pi/4, 1), 6381956970095103 * 0x1p797,
		math.MaxFloat64, 5e-324, 0x1p-27, math.Nextafter(0x1p-27, 0)} {
		check(x)
		check(-x)
	}
	t.Logf("worst error %v ulp", worst)

	// Many more against math's, itself within about 1 ulp where its
	// reduction is exact (below 2^29).
	for range points(1_000_000) {
		x := 2e8 * (2*rng.Float64() - 1)
		s, c := sincos(x)
		if ulps(s, math.Sin(x)) > 2 && math.Abs(s) > 1e-3 || ulps(c, math.Cos(x)) > 2 && math.Abs(c) > 1e-3 {
			t.Fatalf("sincos(%v) = %v, %v; math gives %v, %v", x, s, c, math.Sin(x), math.Cos(x))
		}
	}
}

func TestSinCosSpecialValues(t *testing.T) {
	for _, x := range []float64{inf, -inf, nan} {
		s, c := sincos(x)
		assert.True(t, math.IsNaN(s) && math.IsNaN(c), "sincos(%v)", x)
	}
	s, c := sincos(math.Copysign(0, -1))
	assert.True(t, s == 0 && math.Signbit(s) && c == 1)
}
