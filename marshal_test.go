package activation

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

// trainSome runs a training step and moves every parameter by its
// gradient, so that saved values differ from the constructor's.
func trainSome(l Layer, x, g *mat.Dense) {
	l.Forward(x, true)
	l.Backward(g)
	for _, p := range l.Params() {
		p.Value.Add(p.Value, p.Grad)
	}
}

func TestMarshalRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(30, 31))
	const cols = 8
	x, g := randomDense(rng, 5, cols, 3), randomDense(rng, 5, cols, 0.1)
	var all []Layer
	for _, lc := range allLayers() {
		if lc.name == "Activation" {
			continue
		}
		t.Run(lc.name, func(t *testing.T) {
			l := lc.make(cols)
			trainSome(l, x, g)
			all = append(all, l)
			data, err := Marshal(l)
			require.NoError(t, err)
			back, err := Unmarshal(data)
			require.NoError(t, err)
			assert.Equal(t, l.(Configurer).Config(), back.(Configurer).Config())
			assert.True(t, mat.Equal(l.Forward(x, false), back.Forward(x, false)), "Forward differs after a round trip")
			for name, p := range l.Params() {
				assert.True(t, mat.Equal(p.Value, back.Params()[name].Value), "parameter %s", name)
			}
		})
	}
	t.Run("Sequential of all", func(t *testing.T) {
		seq := NewSequential(NewSequential(all[:3]...), NewSequential(all[3:]...))
		data, err := Marshal(seq)
		require.NoError(t, err)
		back, err := Unmarshal(data)
		require.NoError(t, err)
		want := seq.Forward(x, false)
		assert.Equal(t, math.Float64bits(want.At(0, 0)), math.Float64bits(back.Forward(x, false).At(0, 0)))
		assert.True(t, mat.Equal(want, back.Forward(x, false)))
		again, err := Marshal(back)
		require.NoError(t, err)
		assert.JSONEq(t, string(data), string(again))
	})
}

func TestMarshalWritesReadableJSON(t *testing.T) {
	p := NewPReLU(0.25)
	p.Params()["alpha"].Value.Set(0, 0, 0.3)
	data, err := Marshal(NewSequential(NewSoftplus(2, 20), p))
	require.NoError(t, err)
	assert.JSONEq(t, `{"version": 1, "layer": {"config": {"name": "Sequential"}, "layers": [
		{"config": {"name": "Softplus", "beta": 2, "threshold": 20}},
		{"config": {"name": "PReLU", "alpha": 0.25}, "params": {"alpha": {"rows": 1, "cols": 1, "data": [0.3]}}}
	]}}`, string(data))
}

func TestMarshalRefuses(t *testing.T) {
	nanAlpha := NewPReLU(0.1)
	nanAlpha.Params()["alpha"].Value.Set(0, 0, nan)
	infAlpha := NewPReLU(0.1)
	infAlpha.Params()["alpha"].Value.Set(0, 0, inf)
	infSnake := NewSnake(3, 1)
	infSnake.Params()["alpha"].Value.Set(0, 2, -inf)
	for _, tc := range []struct {
		name string
		l    Layer
		want string
	}{
		{"nil", nil, "activation: Marshal: layer is nil"},
		{"New", New(math.Sin, math.Cos), "activation: Marshal: layer was built by New, whose functions JSON cannot hold; give it a type with a Config method and Register a builder for its name"},
		{"New inside", NewSequential(NewReLU(), New(math.Sin, math.Cos)), "activation: Marshal: layer 1 of layer was built by New"},
		{"no Config", plainLayer{}, "activation: Marshal: layer (activation.plainLayer) has no Config method"},
		{"unregistered", unregistered{}, `activation: Marshal: layer is "test.Unregistered", which is not registered`},
		{"NaN parameter", nanAlpha, `activation: Marshal: layer (PReLU) parameter "alpha" holds NaN, which JSON cannot carry`},
		// ±Inf too get the library's error, not encoding/json's.
		{"+Inf parameter", infAlpha, `activation: Marshal: layer (PReLU) parameter "alpha" holds +Inf, which JSON cannot carry`},
		{"-Inf parameter inside", NewSequential(NewReLU(), infSnake), `activation: Marshal: layer 1 of layer (Snake) parameter "alpha" holds -Inf, which JSON cannot carry`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data, err := Marshal(tc.l)
			assert.Nil(t, data)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

// plainLayer is a user layer without Config.
type plainLayer struct{}

func (plainLayer) Forward(x *mat.Dense, _ bool) *mat.Dense { return x }
func (plainLayer) Backward(g *mat.Dense) *mat.Dense        { return g }
func (plainLayer) Params() map[string]Param                { return nil }

// unregistered has a Config whose name nobody registered.
type unregistered struct{ plainLayer }

func (unregistered) Config() map[string]any { return map[string]any{"name": "test.Unregistered"} }

// scale is a user layer y = factor·x, registered as "test.Scale".
type scale struct {
	factor float64
	y, dx  mat.Dense
}

func (s *scale) Forward(x *mat.Dense, _ bool) *mat.Dense {
	s.y.Reset()
	s.y.Scale(s.factor, x)
	return &s.y
}

func (s *scale) Backward(g *mat.Dense) *mat.Dense {
	s.dx.Reset()
	s.dx.Scale(s.factor, g)
	return &s.dx
}

func (s *scale) Params() map[string]Param { return nil }

func (s *scale) Config() map[string]any {
	return map[string]any{"name": "test.Scale", "factor": s.factor}
}

func init() {
	Register("test.Scale", func(cfg map[string]any) (Layer, error) {
		f, ok := cfg["factor"].(float64)
		if !ok {
			return nil, errors.New("factor is not a number")
		}
		return &scale{factor: f}, nil
	})
	Register("test.Panics", func(map[string]any) (Layer, error) { panic("boom") })
}

func TestRegisteredUserLayer(t *testing.T) {
	seq := NewSequential(&scale{factor: 3}, NewTanh())
	data, err := Marshal(seq)
	require.NoError(t, err)
	back, err := Unmarshal(data)
	require.NoError(t, err)
	x := mat.NewDense(1, 3, []float64{-1, 0.1, 2})
	assert.True(t, mat.Equal(seq.Forward(x, false), back.Forward(x, false)))
	assert.Equal(t, 3.0, back.(*Sequential).Layers()[0].(*scale).factor)
}

func TestRegisterPanics(t *testing.T) {
	build := func(map[string]any) (Layer, error) { return NewReLU(), nil }
	assert.PanicsWithValue(t, "activation: Register: called twice for ReLU", func() { Register("ReLU", build) })
	assert.PanicsWithValue(t, `activation: Register: invalid name ""`, func() { Register("", build) })
	assert.PanicsWithValue(t, `activation: Register: invalid name "Sequential"`, func() { Register("Sequential", build) })
	assert.PanicsWithValue(t, "activation: Register: nil builder for test.Nil", func() { Register("test.Nil", nil) })
}

func TestUnmarshalRejectsBadDocuments(t *testing.T) {
	prelu := `{"config": {"name": "PReLU", "alpha": 0.25}, "params": {"alpha": {"rows": 1, "cols": 1, "data": [0.3]}}}`
	doc := func(layer string) string { return `{"version": 1, "layer": ` + layer + `}` }
	for _, tc := range []struct {
		name, data, want string
	}{
		{"empty", "", "activation: Unmarshal: EOF"},
		{"not JSON", "PReLU(0.25)", "activation: Unmarshal: invalid character 'P'"},
		{"truncated", doc(prelu)[:40], "activation: Unmarshal: unexpected EOF"},
		{"trailing data", doc(prelu) + "{}", "activation: Unmarshal: data after the document"},
		{"no version", `{"layer": ` + prelu + `}`, "activation: Unmarshal: version is 0, want 1"},
		{"future version", `{"version": 2, "layer": ` + prelu + `}`, "activation: Unmarshal: version is 2, want 1"},
		{"unknown top field", `{"version": 1, "layers": []}`, `activation: Unmarshal: json: unknown field "layers"`},
		{"no config", doc(`{}`), "activation: Unmarshal: layer: no config"},
		{"no name", doc(`{"config": {"alpha": 1}}`), "activation: Unmarshal: layer: config has no name"},
		{"name not a string", doc(`{"config": {"name": 3}}`), "activation: Unmarshal: layer: config has no name"},
		{"unknown name", doc(`{"config": {"name": "Cosh"}}`), `activation: Unmarshal: layer: unknown layer "Cosh" (not registered)`},
		{"missing field", doc(`{"config": {"name": "ELU"}}`), `activation: Unmarshal: layer: ELU: config has no "alpha"`},
		{"mistyped field", doc(`{"config": {"name": "ELU", "alpha": "1"}}`), `activation: Unmarshal: layer: ELU: config field "alpha" is string, want a number`},
		{"unknown field", doc(`{"config": {"name": "Tanh", "alpha": 1}}`), `activation: Unmarshal: layer: Tanh: config has unknown field "alpha"`},
		{"refused argument", doc(`{"config": {"name": "Softmax", "temperature": 0, "epsilon": 1e-8}}`), "activation: Unmarshal: layer: Softmax: temperature is 0, must be finite and positive"},
		{"negative epsilon", doc(`{"config": {"name": "Softmax", "temperature": 1, "epsilon": -1}}`), "activation: Unmarshal: layer: Softmax: epsilon is -1, must be finite and non-negative"},
		{"number out of range", doc(`{"config": {"name": "ELU", "alpha": 1e400}}`), "activation: Unmarshal: json: cannot unmarshal number 1e400"},
		{"NaN as a string", doc(`{"config": {"name": "LeakyReLU", "slope": "NaN"}}`), `activation: Unmarshal: layer: LeakyReLU: config field "slope" is string, want a number`},
		{"fractional features", doc(`{"config": {"name": "PReLUPerFeature", "features": 2.5, "alpha": 0.1}}`), `activation: Unmarshal: layer: PReLUPerFeature: config field "features" is 2.5, want a whole number from 1 to 1048576`},
		{"huge features", doc(`{"config": {"name": "PReLUPerFeature", "features": 1e15, "alpha": 0.1}}`), `config field "features" is 1e+15, want a whole number`},
		{"missing parameter", doc(`{"config": {"name": "PReLU", "alpha": 0.25}}`), `activation: Unmarshal: layer: PReLU: parameter "alpha" missing`},
		{"unknown parameter", doc(`{"config": {"name": "Tanh"}, "params": {"w": {"rows": 1, "cols": 1, "data": [1]}}}`), `activation: Unmarshal: layer: Tanh: unknown parameter "w"`},
		{"parameter shape", doc(`{"config": {"name": "PReLUPerFeature", "features": 3, "alpha": 0.1}, "params": {"alpha": {"rows": 1, "cols": 2, "data": [1, 2]}}}`), `activation: Unmarshal: layer: PReLUPerFeature: parameter "alpha" is 1x2 with 2 values, want 1x3`},
		{"parameter data length", doc(`{"config": {"name": "PReLU", "alpha": 0.1}, "params": {"alpha": {"rows": 1, "cols": 1, "data": [1, 2]}}}`), `parameter "alpha" is 1x1 with 2 values, want 1x1`},
		{"null parameter value", doc(`{"config": {"name": "PReLU", "alpha": 0.1}, "params": {"alpha": {"rows": 1, "cols": 1, "data": [null]}}}`), ""},
		{"empty Sequential", doc(`{"config": {"name": "Sequential"}}`), "activation: Unmarshal: layer: a Sequential needs layers and nothing else"},
		{"Sequential with config fields", doc(`{"config": {"name": "Sequential", "dropout": 0.5}, "layers": [{"config": {"name": "ReLU"}}]}`), "activation: Unmarshal: layer: a Sequential needs layers and nothing else"},
		{"bad layer in Sequential", doc(`{"config": {"name": "Sequential"}, "layers": [{"config": {"name": "ReLU"}}, {"config": {"name": "Nope"}}]}`), `activation: Unmarshal: layer 1 of layer: unknown layer "Nope"`},
		{"layers outside Sequential", doc(`{"config": {"name": "ReLU"}, "layers": [{"config": {"name": "ReLU"}}]}`), "activation: Unmarshal: layer: ReLU has layers; only a Sequential has"},
		{"builder panics", doc(`{"config": {"name": "test.Panics"}}`), "activation: Unmarshal: layer: the builder of test.Panics panicked: boom"},
		{"user builder error", doc(`{"config": {"name": "test.Scale"}}`), "activation: Unmarshal: layer: test.Scale: factor is not a number"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l, err := Unmarshal([]byte(tc.data))
			if tc.want == "" {
				// JSON null leaves the value 0: a valid slope.
				require.NoError(t, err)
				assert.Equal(t, 0.0, l.Params()["alpha"].Value.At(0, 0))
				return
			}
			assert.Nil(t, l)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestSequential(t *testing.T) {
	rng := rand.New(rand.NewPCG(32, 33))
	x, g := randomDense(rng, 4, 5, 2), randomDense(rng, 4, 5, 1)
	a, b, c := NewPReLU(0.2), NewTanh(), NewPReLUPerFeature(5, 0.1)
	seq := NewSequential(a, NewSequential(b, c))

	ra, rb, rc := NewPReLU(0.2), NewTanh(), NewPReLUPerFeature(5, 0.1)
	want := mat.DenseCopyOf(rc.Forward(rb.Forward(ra.Forward(x, true), true), true))
	wantDx := mat.DenseCopyOf(ra.Backward(rb.Backward(rc.Backward(g))))
	assert.True(t, mat.Equal(want, seq.Forward(x, true)))
	assert.True(t, mat.Equal(wantDx, seq.Backward(g)))

	params := seq.Params()
	assert.Len(t, params, 2)
	assert.Same(t, a.Params()["alpha"].Value, params["0.alpha"].Value)
	assert.Same(t, c.Params()["alpha"].Grad, params["1.1.alpha"].Grad)
	assert.True(t, mat.Equal(ra.Params()["alpha"].Grad, params["0.alpha"].Grad))

	layers := seq.Layers()
	layers[0] = nil
	assert.Same(t, a, seq.Layers()[0], "Layers returns a copy")

	cfg := seq.Config()
	assert.Equal(t, "Sequential", cfg["name"])
	assert.Equal(t, map[string]any{"name": "PReLU", "alpha": 0.2}, cfg["layers"].([]any)[0])

	assert.PanicsWithValue(t, "activation: NewSequential: no layers", func() { NewSequential() })
	assert.PanicsWithValue(t, "activation: NewSequential: layer 1 is nil", func() { NewSequential(a, nil) })
	assert.PanicsWithValue(t, "activation: Tanh.Backward: no training Forward to go back through: call Forward(x, true) first",
		func() { NewSequential(NewReLU(), NewTanh()).Backward(g) })
}

func TestConfigs(t *testing.T) {
	for _, tc := range []struct {
		l    Configurer
		want map[string]any
	}{
		{NewReLU(), map[string]any{"name": "ReLU"}},
		{NewLeakyReLU(0.2), map[string]any{"name": "LeakyReLU", "slope": 0.2}},
		{NewPReLU(0.01), map[string]any{"name": "PReLU", "alpha": 0.01}},
		{NewPReLUPerFeature(7, 0.25), map[string]any{"name": "PReLUPerFeature", "features": 7, "alpha": 0.25}},
		{NewELU(1.5), map[string]any{"name": "ELU", "alpha": 1.5}},
		{NewSELU(), map[string]any{"name": "SELU"}},
		{NewScaledELU(1.5, 2), map[string]any{"name": "ScaledELU", "alpha": 1.5, "scale": 2.0}},
		{NewGELU(), map[string]any{"name": "GELU"}},
		{NewGELUTanh(), map[string]any{"name": "GELUTanh"}},
		{NewSoftplus(1, 20), map[string]any{"name": "Softplus", "beta": 1.0, "threshold": 20.0}},
		{NewSqrtSoftplus(), map[string]any{"name": "SqrtSoftplus"}},
		{NewMish(), map[string]any{"name": "Mish"}},
		{NewHardSigmoid(), map[string]any{"name": "HardSigmoid"}},
		{NewHardSwish(), map[string]any{"name": "HardSwish"}},
		{NewHardSigmoidAffine(0.2, 0.5), map[string]any{"name": "HardSigmoidAffine", "alpha": 0.2, "beta": 0.5}},
		{NewSwish(), map[string]any{"name": "Swish"}},
		{NewTanh(), map[string]any{"name": "Tanh"}},
		{NewSigmoid(), map[string]any{"name": "Sigmoid"}},
		{NewExp(), map[string]any{"name": "Exp"}},
		{NewSoftmax(2), map[string]any{"name": "Softmax", "temperature": 2.0, "epsilon": 1e-8}},
		{NewLogSoftmax(0.5), map[string]any{"name": "LogSoftmax", "temperature": 0.5}},
		{New(math.Sin, math.Cos), map[string]any{"name": "Activation"}},
		{NewReLU6(), map[string]any{"name": "ReLU6"}},
		{NewHardtanh(-1, 2), map[string]any{"name": "Hardtanh", "min": -1.0, "max": 2.0}},
		{NewThreshold(0.5, -2), map[string]any{"name": "Threshold", "threshold": 0.5, "value": -2.0}},
		{NewCELU(0.8), map[string]any{"name": "CELU", "alpha": 0.8}},
		{NewLogSigmoid(), map[string]any{"name": "LogSigmoid"}},
		{NewSoftsign(), map[string]any{"name": "Softsign"}},
		{NewSoftshrink(0.25), map[string]any{"name": "Softshrink", "lambda": 0.25}},
		{NewHardshrink(0.75), map[string]any{"name": "Hardshrink", "lambda": 0.75}},
		{NewShrink(0.5, -0.25), map[string]any{"name": "Shrink", "lambda": 0.5, "bias": -0.25}},
		{NewTanhshrink(), map[string]any{"name": "Tanhshrink"}},
		{NewSquareplus(4), map[string]any{"name": "Squareplus", "b": 4.0}},
		{NewSparsePlus(), map[string]any{"name": "SparsePlus"}},
		{NewSparseSigmoid(), map[string]any{"name": "SparseSigmoid"}},
		{NewIdentity(), map[string]any{"name": "Identity"}},
		{NewRReLU(0.125, 1.0/3, 9), map[string]any{"name": "RReLU", "lower": 0.125, "upper": 1.0 / 3, "seed": uint64(9)}},
		{NewSwishBeta(1.5), map[string]any{"name": "SwishBeta", "beta": 1.5}},
		{NewSoftmin(3), map[string]any{"name": "Softmin", "temperature": 3.0, "epsilon": 1e-8}},
		{NewSparsemax(), map[string]any{"name": "Sparsemax"}},
		{NewEntmax15(), map[string]any{"name": "Entmax15"}},
		{NewHardmax(), map[string]any{"name": "Hardmax"}},
		{NewGLU(), map[string]any{"name": "GLU"}},
		{NewSwiGLU(), map[string]any{"name": "SwiGLU"}},
		{NewGEGLU(), map[string]any{"name": "GEGLU"}},
		{NewReGLU(), map[string]any{"name": "ReGLU"}},
		{NewGEGLUTanh(), map[string]any{"name": "GEGLUTanh"}},
		{NewReLUSquared(), map[string]any{"name": "ReLUSquared"}},
		{NewQuickGELU(), map[string]any{"name": "QuickGELU"}},
		{NewSoftcap(30), map[string]any{"name": "Softcap", "cap": 30.0}},
		{NewSnake(4, 1), map[string]any{"name": "Snake", "features": 4, "alpha": 1.0}},
		{NewXIELU(0.8, 0.8, 0.5, -1e-6), map[string]any{"name": "XIELU", "alpha_p": 0.8, "alpha_n": 0.8, "beta": 0.5, "eps": -1e-6}},
		{NewLaplace(0.707107, 0.282095), map[string]any{"name": "Laplace", "mu": 0.707107, "sigma": 0.282095}},
		{NewClippedGELU(-10, 10), map[string]any{"name": "ClippedGELU", "min": -10.0, "max": 10.0}},
		{NewClampedSwiGLU(1.702, 7, true), map[string]any{"name": "ClampedSwiGLU", "alpha": 1.702, "limit": 7.0, "interleaved": true}},
	} {
		t.Run(fmt.Sprint(tc.want["name"]), func(t *testing.T) {
			assert.Equal(t, tc.want, tc.l.Config())
			_, err := json.Marshal(tc.l.Config())
			assert.NoError(t, err)
		})
	}
}

func FuzzUnmarshal(f *testing.F) {
	for _, l := range []Layer{
		NewSequential(NewPReLUPerFeature(3, 0.1), NewSoftmax(2)),
		NewSoftplus(2, 10), NewELU(0.5), NewLogSoftmax(1), NewLeakyReLU(0.1),
	} {
		data, err := Marshal(l)
		require.NoError(f, err)
		f.Add(data)
	}
	f.Add([]byte(`{"version":1,"layer":{"config":{"name":"PReLUPerFeature","features":1e9,"alpha":0}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := Unmarshal(data)
		if err != nil {
			if l != nil {
				t.Fatalf("a layer and an error: %v", err)
			}
			if !strings.HasPrefix(err.Error(), "activation: Unmarshal: ") {
				t.Fatalf("error %q does not say where it comes from", err)
			}
			return
		}
		again, err := Marshal(l)
		if err != nil {
			t.Fatalf("a loaded layer does not save: %v", err)
		}
		l2, err := Unmarshal(again)
		if err != nil {
			t.Fatalf("a saved layer does not load: %v", err)
		}
		third, err := Marshal(l2)
		if err != nil || string(third) != string(again) {
			t.Fatalf("the round trip is not stable:\n%s\n%s", again, third)
		}
	})
}

// TestOneRuleForArguments gives every constructor each kind of value it
// must refuse: the constructor panics, Unmarshal of a configuration that
// holds the value (where JSON can carry it) gives the same reason, and
// Marshal refuses a layer into which the value was put after construction.
func TestOneRuleForArguments(t *testing.T) {
	for _, tc := range []struct {
		name   string
		build  func()       // the constructor with the bad value
		config string       // the same value in a configuration, or ""
		set    func() Layer // a layer holding the value, or nil
		want   string       // the reason, after "activation: NewX: "
		ctor   string       // the constructor's name
	}{
		{name: "LeakyReLU NaN", ctor: "NewLeakyReLU", build: func() { NewLeakyReLU(nan) }, want: "slope is NaN, must be finite"},
		{name: "LeakyReLU +Inf", ctor: "NewLeakyReLU", build: func() { NewLeakyReLU(inf) }, want: "slope is +Inf, must be finite"},
		{name: "PReLU NaN", ctor: "NewPReLU", build: func() { NewPReLU(nan) }, want: "alpha is NaN, must be finite",
			set: func() Layer { p := NewPReLU(0.1); p.Params()["alpha"].Value.Set(0, 0, nan); return p }},
		{name: "PReLU -Inf", ctor: "NewPReLU", build: func() { NewPReLU(-inf) }, want: "alpha is -Inf, must be finite",
			set: func() Layer { p := NewPReLU(0.1); p.Params()["alpha"].Value.Set(0, 0, -inf); return p }},
		{name: "PReLUPerFeature features", ctor: "NewPReLUPerFeature", build: func() { NewPReLUPerFeature(0, 0.1) }, want: "features is 0, must be at least 1"},
		{name: "PReLUPerFeature NaN", ctor: "NewPReLUPerFeature", build: func() { NewPReLUPerFeature(2, nan) }, want: "alpha is NaN, must be finite",
			set: func() Layer { p := NewPReLUPerFeature(2, 0.1); p.Params()["alpha"].Value.Set(0, 1, nan); return p }},
		{name: "ELU +Inf", ctor: "NewELU", build: func() { NewELU(inf) }, want: "alpha is +Inf, must be finite and at most 2^64 in magnitude"},
		{name: "ELU huge", ctor: "NewELU", build: func() { NewELU(-1e30) }, want: "alpha is -1e+30, must be finite and at most 2^64 in magnitude",
			config: `{"name": "ELU", "alpha": -1e30}`},
		{name: "ScaledELU scale 0", ctor: "NewScaledELU", build: func() { NewScaledELU(1, 0) }, want: "scale is 0, must be finite and not 0",
			config: `{"name": "ScaledELU", "alpha": 1, "scale": 0}`},
		{name: "ScaledELU scale NaN", ctor: "NewScaledELU", build: func() { NewScaledELU(1, nan) }, want: "scale is NaN, must be finite and not 0"},
		{name: "ScaledELU alpha", ctor: "NewScaledELU", build: func() { NewScaledELU(-inf, 1) }, want: "alpha is -Inf, must be finite"},
		{name: "ScaledELU product", ctor: "NewScaledELU", build: func() { NewScaledELU(1e10, -1e10) }, want: "alpha is 1e+10 and scale -1e+10, want |scale·alpha| <= 2^64",
			config: `{"name": "ScaledELU", "alpha": 1e10, "scale": -1e10}`},
		{name: "Softplus beta 0", ctor: "NewSoftplus", build: func() { NewSoftplus(0, 20) }, want: "beta is 0, must be in [2^-64, 2^64]",
			config: `{"name": "Softplus", "beta": 0, "threshold": 20}`},
		{name: "Softplus beta negative", ctor: "NewSoftplus", build: func() { NewSoftplus(-1, 20) }, want: "beta is -1, must be in [2^-64, 2^64]",
			config: `{"name": "Softplus", "beta": -1, "threshold": 20}`},
		{name: "Softplus beta huge", ctor: "NewSoftplus", build: func() { NewSoftplus(1e30, 20) }, want: "beta is 1e+30, must be in [2^-64, 2^64]",
			config: `{"name": "Softplus", "beta": 1e30, "threshold": 20}`},
		{name: "Softplus threshold", ctor: "NewSoftplus", build: func() { NewSoftplus(1, -inf) }, want: "threshold is -Inf, must be finite"},
		{name: "Softmax 0", ctor: "NewSoftmax", build: func() { NewSoftmax(0) }, want: "temperature is 0, must be finite and positive",
			config: `{"name": "Softmax", "temperature": 0, "epsilon": 1e-8}`,
			set:    func() Layer { s := NewSoftmax(1); s.Temperature = 0; return s }},
		{name: "Softmax negative", ctor: "NewSoftmax", build: func() { NewSoftmax(-2) }, want: "temperature is -2, must be finite and positive",
			config: `{"name": "Softmax", "temperature": -2, "epsilon": 1e-8}`,
			set:    func() Layer { s := NewSoftmax(1); s.Temperature = -2; return s }},
		{name: "Softmax NaN", ctor: "NewSoftmax", build: func() { NewSoftmax(nan) }, want: "temperature is NaN, must be finite and positive",
			set: func() Layer { s := NewSoftmax(1); s.Temperature = nan; return s }},
		{name: "Softmax epsilon", config: `{"name": "Softmax", "temperature": 1, "epsilon": -1e-8}`, want: "epsilon is -1e-08, must be finite and non-negative",
			set: func() Layer { s := NewSoftmax(1); s.Epsilon = -1e-8; return s }},
		{name: "Softmax τ overflows", config: `{"name": "Softmax", "temperature": 1e308, "epsilon": 1e308}`, want: "epsilon is 1e+308, must be finite and non-negative",
			set: func() Layer { s := NewSoftmax(1e308); s.Epsilon = 1e308; return s }},
		{name: "LogSoftmax 0", ctor: "NewLogSoftmax", build: func() { NewLogSoftmax(0) }, want: "temperature is 0, must be finite and positive",
			config: `{"name": "LogSoftmax", "temperature": 0}`,
			set:    func() Layer { s := NewLogSoftmax(1); s.Temperature = 0; return s }},
		{name: "LogSoftmax +Inf", ctor: "NewLogSoftmax", build: func() { NewLogSoftmax(inf) }, want: "temperature is +Inf, must be finite and positive",
			set: func() Layer { s := NewLogSoftmax(1); s.Temperature = inf; return s }},
		{name: "Softmin 0", ctor: "NewSoftmin", build: func() { NewSoftmin(0) }, want: "temperature is 0, must be finite and positive",
			config: `{"name": "Softmin", "temperature": 0, "epsilon": 1e-8}`,
			set:    func() Layer { s := NewSoftmin(1); s.Temperature = 0; return s }},
		{name: "Softmin epsilon", config: `{"name": "Softmin", "temperature": 1, "epsilon": -1}`, want: "epsilon is -1, must be finite and non-negative",
			set: func() Layer { s := NewSoftmin(1); s.Epsilon = -1; return s }},
		{name: "Hardtanh NaN", ctor: "NewHardtanh", build: func() { NewHardtanh(nan, 1) }, want: "min is NaN, must be finite"},
		{name: "Hardtanh +Inf", ctor: "NewHardtanh", build: func() { NewHardtanh(-1, inf) }, want: "max is +Inf, must be finite"},
		{name: "Hardtanh order", ctor: "NewHardtanh", build: func() { NewHardtanh(1, 1) }, want: "min is 1 and max 1, want min < max",
			config: `{"name": "Hardtanh", "min": 1, "max": 1}`},
		{name: "HardSigmoidAffine alpha", ctor: "NewHardSigmoidAffine", build: func() { NewHardSigmoidAffine(inf, 0.5) }, want: "alpha is +Inf, must be finite"},
		{name: "HardSigmoidAffine beta", ctor: "NewHardSigmoidAffine", build: func() { NewHardSigmoidAffine(0.2, nan) }, want: "beta is NaN, must be finite"},
		{name: "Threshold NaN", ctor: "NewThreshold", build: func() { NewThreshold(nan, 0) }, want: "threshold is NaN, must be finite"},
		{name: "Threshold value", ctor: "NewThreshold", build: func() { NewThreshold(0, -inf) }, want: "value is -Inf, must be finite"},
		{name: "CELU 0", ctor: "NewCELU", build: func() { NewCELU(0) }, want: "alpha is 0, must be finite and positive",
			config: `{"name": "CELU", "alpha": 0}`},
		{name: "CELU negative", ctor: "NewCELU", build: func() { NewCELU(-1) }, want: "alpha is -1, must be finite and positive",
			config: `{"name": "CELU", "alpha": -1}`},
		{name: "CELU +Inf", ctor: "NewCELU", build: func() { NewCELU(inf) }, want: "alpha is +Inf, must be finite and positive"},
		{name: "Softshrink negative", ctor: "NewSoftshrink", build: func() { NewSoftshrink(-0.5) }, want: "lambda is -0.5, must be finite and not negative",
			config: `{"name": "Softshrink", "lambda": -0.5}`},
		{name: "Hardshrink NaN", ctor: "NewHardshrink", build: func() { NewHardshrink(nan) }, want: "lambda is NaN, must be finite and not negative"},
		{name: "Hardshrink negative", ctor: "NewHardshrink", build: func() { NewHardshrink(-1) }, want: "lambda is -1, must be finite and not negative",
			config: `{"name": "Hardshrink", "lambda": -1}`},
		{name: "Shrink lambda", ctor: "NewShrink", build: func() { NewShrink(-0.5, 0) }, want: "lambda is -0.5, must be finite and not negative",
			config: `{"name": "Shrink", "lambda": -0.5, "bias": 0}`},
		{name: "Shrink bias", ctor: "NewShrink", build: func() { NewShrink(0.5, inf) }, want: "bias is +Inf, must be finite"},
		{name: "Shrink NaN", ctor: "NewShrink", build: func() { NewShrink(nan, 0) }, want: "lambda is NaN, must be finite and not negative"},
		{name: "Squareplus negative", ctor: "NewSquareplus", build: func() { NewSquareplus(-4) }, want: "b is -4, must be finite and not negative",
			config: `{"name": "Squareplus", "b": -4}`},
		{name: "Squareplus +Inf", ctor: "NewSquareplus", build: func() { NewSquareplus(inf) }, want: "b is +Inf, must be finite and not negative"},
		{name: "RReLU lower", ctor: "NewRReLU", build: func() { NewRReLU(-0.1, 0.3, 1) }, want: "lower is -0.1, must be finite and not negative",
			config: `{"name": "RReLU", "lower": -0.1, "upper": 0.3, "seed": 1}`},
		{name: "RReLU upper", ctor: "NewRReLU", build: func() { NewRReLU(0.3, 0.1, 1) }, want: "upper is 0.1, must be finite and at least lower (0.3)",
			config: `{"name": "RReLU", "lower": 0.3, "upper": 0.1, "seed": 1}`},
		{name: "RReLU +Inf", ctor: "NewRReLU", build: func() { NewRReLU(0.3, inf, 1) }, want: "upper is +Inf, must be finite and at least lower (0.3)"},
		{name: "RReLU seed", config: `{"name": "RReLU", "lower": 0.1, "upper": 0.3, "seed": 1.5}`, want: "seed is 1.5, must be a whole number from 0 to 2^53"},
		// The seed is printed exactly as a decimal, not as %v's 2.5e-05 or an integer.
		{name: "RReLU seed 0.25", config: `{"name": "RReLU", "lower": 0.1, "upper": 0.3, "seed": 0.25}`, want: "seed is 0.25, must be a whole number from 0 to 2^53"},
		{name: "RReLU seed 2.5e-5", config: `{"name": "RReLU", "lower": 0.1, "upper": 0.3, "seed": 2.5e-5}`, want: "seed is 0.000025, must be a whole number from 0 to 2^53"},
		{name: "RReLU seed -1", config: `{"name": "RReLU", "lower": 0.1, "upper": 0.3, "seed": -1}`, want: "seed is -1, must be a whole number from 0 to 2^53"},
		{name: "Softcap 0", ctor: "NewSoftcap", build: func() { NewSoftcap(0) }, want: "cap is 0, must be finite and positive",
			config: `{"name": "Softcap", "cap": 0}`},
		{name: "Softcap negative", ctor: "NewSoftcap", build: func() { NewSoftcap(-30) }, want: "cap is -30, must be finite and positive",
			config: `{"name": "Softcap", "cap": -30}`},
		{name: "Softcap +Inf", ctor: "NewSoftcap", build: func() { NewSoftcap(inf) }, want: "cap is +Inf, must be finite and positive"},
		{name: "ClampedSwiGLU limit", ctor: "NewClampedSwiGLU", build: func() { NewClampedSwiGLU(1.702, 0, true) }, want: "limit is 0, must be finite and positive",
			config: `{"name": "ClampedSwiGLU", "alpha": 1.702, "limit": 0, "interleaved": true}`},
		{name: "ClampedSwiGLU alpha", ctor: "NewClampedSwiGLU", build: func() { NewClampedSwiGLU(nan, 7, true) }, want: "alpha is NaN, must be finite"},
		{name: "ClampedSwiGLU interleaved", config: `{"name": "ClampedSwiGLU", "alpha": 1.702, "limit": 7, "interleaved": 1}`,
			want: `config field "interleaved" is float64, want true or false`},
		{name: "Laplace sigma", ctor: "NewLaplace", build: func() { NewLaplace(0, 0) }, want: "sigma is 0, must be finite, positive and normal",
			config: `{"name": "Laplace", "mu": 0, "sigma": 0}`},
		{name: "Laplace subnormal", ctor: "NewLaplace", build: func() { NewLaplace(0, 1e-310) }, want: "sigma is 1e-310, must be finite, positive and normal",
			config: `{"name": "Laplace", "mu": 0, "sigma": 1e-310}`},
		{name: "Laplace mu", ctor: "NewLaplace", build: func() { NewLaplace(inf, 1) }, want: "mu is +Inf, must be finite"},
		{name: "ClippedGELU order", ctor: "NewClippedGELU", build: func() { NewClippedGELU(10, -10) }, want: "min is 10 and max -10, want min < max",
			config: `{"name": "ClippedGELU", "min": 10, "max": -10}`},
		{name: "XIELU alphaN", ctor: "NewXIELU", build: func() { NewXIELU(0.8, 0.5, 0.5, -1e-6) }, want: "alphaN is 0.5, must be greater than beta (0.5)",
			config: `{"name": "XIELU", "alpha_p": 0.8, "alpha_n": 0.5, "beta": 0.5, "eps": -1e-6}`},
		{name: "XIELU alphaP", ctor: "NewXIELU", build: func() { NewXIELU(0, 0.8, 0.5, -1e-6) }, want: "alphaP is 0, must be positive"},
		{name: "XIELU beta", ctor: "NewXIELU", build: func() { NewXIELU(0.8, 0.8, -0.5, -1e-6) }, want: "beta is -0.5, must not be negative"},
		{name: "XIELU eps", ctor: "NewXIELU", build: func() { NewXIELU(0.8, 0.8, 0.5, 1e-6) }, want: "eps is 1e-06, must not be positive",
			config: `{"name": "XIELU", "alpha_p": 0.8, "alpha_n": 0.8, "beta": 0.5, "eps": 1e-6}`},
		{name: "XIELU NaN", ctor: "NewXIELU", build: func() { NewXIELU(nan, 0.8, 0.5, -1e-6) }, want: "alphaP is NaN, must be finite",
			set: func() Layer {
				x := NewXIELU(0.8, 0.8, 0.5, -1e-6)
				x.Params()["alpha_n"].Value.Set(0, 0, nan)
				return x
			}},
		{name: "Snake features", ctor: "NewSnake", build: func() { NewSnake(0, 1) }, want: "features is 0, must be at least 1"},
		{name: "Snake NaN", ctor: "NewSnake", build: func() { NewSnake(2, nan) }, want: "alpha is NaN, must be finite",
			set: func() Layer { s := NewSnake(2, 1); s.Params()["alpha"].Value.Set(0, 1, nan); return s }},
		{name: "SwishBeta NaN", ctor: "NewSwishBeta", build: func() { NewSwishBeta(nan) }, want: "beta is NaN, must be finite",
			set: func() Layer { s := NewSwishBeta(1); s.Params()["beta"].Value.Set(0, 0, nan); return s }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.build != nil {
				assert.PanicsWithValue(t, "activation: "+tc.ctor+": "+tc.want, tc.build)
			}
			if tc.config != "" {
				l, err := Unmarshal([]byte(`{"version": 1, "layer": {"config": ` + tc.config + `}}`))
				assert.Nil(t, l)
				if assert.Error(t, err) {
					assert.Contains(t, err.Error(), tc.want)
				}
			}
			if tc.set != nil {
				data, err := Marshal(tc.set())
				assert.Nil(t, data)
				if assert.Error(t, err, "Marshal wrote what Unmarshal refuses") && tc.config != "" {
					assert.Contains(t, err.Error(), "activation: Marshal: Unmarshal would refuse it: layer: ")
					assert.Contains(t, err.Error(), tc.want)
				}
			}
		})
	}
}
