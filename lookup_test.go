package activation

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

// nameLists are the files of testdata/names by namespace: every name each
// library gives an activation, with its definition, from the sources their
// headers name.
var nameLists = map[Namespace][]string{
	HuggingFace: {"hf_act2fn.txt"},
	PyTorch:     {"torch_nn.txt", "torch_functional.txt"},
	JAX:         {"jax_nn.txt"},
	Keras:       {"keras.txt"},
	ONNX:        {"onnx.txt"},
}

// listedNames returns the names of ns's lists.
func listedNames(t *testing.T, ns Namespace) []string {
	var names []string
	for _, file := range nameLists[ns] {
		f, err := os.Open("testdata/names/" + file)
		require.NoError(t, err)
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if line := sc.Text(); line != "" && !strings.HasPrefix(line, "#") {
				names = append(names, strings.SplitN(line, "\t", 2)[0])
			}
		}
		require.NoError(t, sc.Err())
		f.Close()
	}
	return names
}

// TestLookupCoversTheNameLists checks that every name of every list is a
// layer or a name Lookup refuses as no activation, and that Lookup knows
// no name the lists lack.
func TestLookupCoversTheNameLists(t *testing.T) {
	for ns := HuggingFace; ns <= ONNX; ns++ {
		listed := listedNames(t, ns)
		require.NotEmpty(t, listed, "%v", ns)
		for _, name := range listed {
			_, isLayer := lookupTables[ns][name]
			_, refused := notLayers[ns][name]
			assert.True(t, isLayer != refused, "%v's %q: a layer %v, refused %v", ns, name, isLayer, refused)
		}
		for name := range lookupTables[ns] {
			assert.Contains(t, listed, name, "%v", ns)
		}
		for name := range notLayers[ns] {
			assert.Contains(t, listed, name, "%v", ns)
		}
		assert.True(t, slices.IsSorted(Names(ns)))
		assert.Len(t, Names(ns), len(lookupTables[ns]))
	}
}

// Closed forms of the lists' definitions, in float64, for
// TestLookupMeanings: they tell the variants apart, not the last digits.
func cfSigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
func cfLeaky(s float64) func(float64) float64 {
	return func(x float64) float64 { return max(x, 0) + s*min(x, 0) }
}
func cfClamp(lo, hi float64) func(float64) float64 {
	return func(x float64) float64 { return min(max(x, lo), hi) }
}
func cfElu(a float64) func(float64) float64 {
	return func(x float64) float64 { return choose(x > 0, x, a*math.Expm1(x)) }
}
func cfScaledELU(a, scale float64) func(float64) float64 {
	return func(x float64) float64 { return scale * cfElu(a)(x) }
}
func cfCelu(a float64) func(float64) float64 {
	return func(x float64) float64 { return max(0, x) + min(0, a*math.Expm1(x/a)) }
}
func cfGelu(x float64) float64 { return 0.5 * x * math.Erfc(-x/math.Sqrt2) }

// cfGeluTanh is the tanh GELU with its constant c: √(2/π), or Hugging
// Face's gelu_fast's 0.7978845608.
func cfGeluTanh(c float64) func(float64) float64 {
	// 0.5x(1 + tanh v) written as x·σ(2v), which does not cancel.
	return func(x float64) float64 { return x * cfSigmoid(2*c*x*(1+0.044715*x*x)) }
}
func cfSoftplus(beta, threshold float64) func(float64) float64 {
	return func(x float64) float64 {
		if beta*x > threshold {
			return x
		}
		return math.Max(beta*x, 0)/beta + math.Log1p(math.Exp(-math.Abs(beta*x)))/beta
	}
}
func cfShrink(lambda, bias float64) func(float64) float64 {
	return func(x float64) float64 {
		switch {
		case x < -lambda:
			return x + bias
		case x > lambda:
			return x - bias
		}
		return 0
	}
}
func cfThreshold(t, v float64) func(float64) float64 {
	return func(x float64) float64 { return choose(x > t, x, v) }
}
func cfSwish(b float64) func(float64) float64 {
	return func(x float64) float64 { return x * cfSigmoid(b*x) }
}
func cfHardSigmoid(a, b float64) func(float64) float64 {
	return func(x float64) float64 { return max(0, min(1, a*x+b)) }
}

// cfXielu is Hugging Face's xIELU with αp, αn, β and ε as its forward
// reads them.
func cfXielu(ap, an, beta, eps float64) func(float64) float64 {
	return func(x float64) float64 {
		if x > 0 {
			return ap*x*x + beta*x
		}
		return an*(math.Expm1(min(x, eps))-x) + beta*x
	}
}

var (
	cfIdentity   = func(x float64) float64 { return x }
	cfRelu       = cfLeaky(0)
	cfHardSwish  = func(x float64) float64 { return x * cfClamp(0, 6)(x+3) / 6 }
	cfMish       = func(x float64) float64 { return x * math.Tanh(cfSoftplus(1, math.Inf(1))(x)) }
	cfExactSoft  = cfSoftplus(1, math.Inf(1))
	cfSoftsign   = func(x float64) float64 { return x / (1 + math.Abs(x)) }
	cfLogSigmoid = func(x float64) float64 { return -cfExactSoft(-x) }
	cfSparsePlus = func(x float64) float64 {
		return choose(x <= -1, 0, choose(x >= 1, x, (x+1)*(x+1)/4))
	}
	cfSparseSigmoid = func(x float64) float64 { return 0.5 * cfClamp(0, 2)(x+1) }
	cfSquareplus    = func(x float64) float64 { return (x + math.Sqrt(x*x+4)) / 2 }
	cfTanhshrink    = func(x float64) float64 {
		if math.Abs(x) < 1e-3 {
			return x * x * x * (1.0/3 - 2*x*x/15) // x - tanh x cancels
		}
		return x - math.Tanh(x)
	}
	cfSelu         = cfScaledELU(1.6732632423543772848170429916717, 1.0507009873554804934193349852946)
	cfHardSigmoid6 = func(x float64) float64 { return cfClamp(0, 1)(x/6 + 0.5) }
)

// rowMeaning is a row-wise definition: the row of a layer's output.
type rowMeaning func(x []float64) []float64

func cfSoftmax(x []float64) []float64 {
	m, s := slices.Max(x), 0.0
	y := make([]float64, len(x))
	for i, v := range x {
		y[i] = math.Exp(v - m)
		s += y[i]
	}
	for i := range y {
		y[i] /= s
	}
	return y
}

func cfLogSoftmax(x []float64) []float64 {
	y := cfSoftmax(x)
	for i := range y {
		y[i] = math.Log(y[i])
	}
	return y
}

func cfSoftmin(x []float64) []float64 {
	n := make([]float64, len(x))
	for i, v := range x {
		n[i] = -v
	}
	return cfSoftmax(n)
}

// cfSparsemax is max(x - τ, 0) with τ from the sorted row.
func cfSparsemax(x []float64) []float64 {
	z := slices.Clone(x)
	slices.Sort(z)
	slices.Reverse(z)
	var cum, tau float64
	for k, v := range z {
		cum += v
		if 1+float64(k+1)*v > cum {
			tau = (cum - 1) / float64(k+1)
		}
	}
	y := make([]float64, len(x))
	for i, v := range x {
		y[i] = max(v-tau, 0)
	}
	return y
}

func cfHardmax(x []float64) []float64 {
	y := make([]float64, len(x))
	y[slices.Index(x, slices.Max(x))] = 1
	return y
}

// cfGated returns a gated unit's row: act(a)·b for PyTorch's order, or
// a·σ(b) for GLU.
func cfGated(f func(a, b float64) float64) rowMeaning {
	return func(x []float64) []float64 {
		n := len(x) / 2
		y := make([]float64, n)
		for i := range n {
			y[i] = f(x[i], x[n+i])
		}
		return y
	}
}

var (
	cfGlu    = cfGated(func(a, b float64) float64 { return a * cfSigmoid(b) })
	cfSwiglu = cfGated(func(a, b float64) float64 { return cfSwish(1)(a) * b })
)

// meaning is what a name computes: element by element or by rows, with
// the arguments Lookup is given.
type meaning struct {
	f    func(float64) float64
	rows rowMeaning
	args map[string]any
	tol  float64 // relative, 1e-12 unless set
}

func el(f func(float64) float64) meaning { return meaning{f: f} }

// lookupMeanings are the lists' definitions, with their defaults or the
// arguments given; every name Lookup makes a layer of has one.
var lookupMeanings = map[Namespace]map[string]meaning{
	HuggingFace: {
		"gelu": el(cfGelu), "gelu_python": el(cfGelu),
		"gelu_10":           el(func(x float64) float64 { return cfClamp(-10, 10)(cfGelu(x)) }),
		"gelu_new":          el(cfGeluTanh(math.Sqrt(2 / math.Pi))),
		"gelu_fast":         {f: cfGeluTanh(0.7978845608), tol: 1e-9},
		"gelu_accurate":     el(cfGeluTanh(math.Sqrt(2 / math.Pi))),
		"gelu_pytorch_tanh": el(cfGeluTanh(math.Sqrt(2 / math.Pi))),
		"gelu_python_tanh":  el(cfGeluTanh(math.Sqrt(2 / math.Pi))),
		"quick_gelu":        el(cfSwish(1.702)),
		"laplace": el(func(x float64) float64 {
			return 0.5 * math.Erfc(-(x-0.707107)/(0.282095*math.Sqrt2))
		}),
		"hardswish":    el(cfHardSwish),
		"leaky_relu":   el(cfLeaky(0.01)),
		"linear":       el(cfIdentity),
		"mish":         el(cfMish),
		"relu":         el(cfRelu),
		"relu2":        el(func(x float64) float64 { return cfRelu(x) * cfRelu(x) }),
		"relu6":        el(cfClamp(0, 6)),
		"sigmoid":      el(cfSigmoid),
		"silu":         el(cfSwish(1)),
		"swish":        el(cfSwish(1)),
		"sqrtsoftplus": el(func(x float64) float64 { return math.Sqrt(cfSoftplus(1, math.Inf(1))(x)) }),
		"tanh":         el(math.Tanh),
		"prelu":        el(cfLeaky(0.25)),
		"xielu":        el(cfXielu(0.8, 0.8, 0.5, -1e-6)),
	},
	PyTorch: {
		"Threshold":   {f: cfThreshold(1.5, -2), args: map[string]any{"threshold": 1.5, "value": -2}},
		"threshold":   {f: cfThreshold(0.5, 7), args: map[string]any{"threshold": 0.5, "value": 7, "inplace": true}},
		"threshold_":  {f: cfThreshold(-1, 0), args: map[string]any{"threshold": -1, "value": 0}},
		"ReLU":        el(cfRelu),
		"relu":        el(cfRelu),
		"relu_":       el(cfRelu),
		"RReLU":       el(cfLeaky((1.0/8 + 1.0/3) / 2)), // inference
		"rrelu":       el(cfLeaky((1.0/8 + 1.0/3) / 2)),
		"rrelu_":      {f: cfLeaky(0.2), args: map[string]any{"lower": 0.1, "upper": 0.3}},
		"Hardtanh":    el(cfClamp(-1, 1)),
		"hardtanh":    {f: cfClamp(-2, 3), args: map[string]any{"min_val": -2, "max_val": 3}},
		"hardtanh_":   el(cfClamp(-1, 1)),
		"ReLU6":       el(cfClamp(0, 6)),
		"relu6":       el(cfClamp(0, 6)),
		"Sigmoid":     el(cfSigmoid),
		"sigmoid":     el(cfSigmoid),
		"Hardsigmoid": el(cfHardSigmoid6),
		"hardsigmoid": el(cfHardSigmoid6),
		"Tanh":        el(math.Tanh),
		"tanh":        el(math.Tanh),
		"SiLU":        el(cfSwish(1)),
		"silu":        el(cfSwish(1)),
		"Mish":        el(cfMish),
		"mish":        el(cfMish),
		"Hardswish":   el(cfHardSwish),
		"hardswish":   el(cfHardSwish),
		"ELU":         el(cfElu(1)),
		"elu":         {f: cfElu(0.5), args: map[string]any{"alpha": 0.5}},
		"elu_":        el(cfElu(1)),
		"CELU":        el(cfCelu(1)),
		"celu":        {f: cfCelu(2), args: map[string]any{"alpha": 2.0}},
		"celu_":       el(cfCelu(1)),
		"SELU":        el(cfSelu),
		"selu":        el(cfSelu),
		"selu_":       el(cfSelu),
		"GLU":         {rows: cfGlu},
		"glu":         {rows: cfGlu, args: map[string]any{"dim": -1}},
		"GELU":        el(cfGelu),
		"gelu":        {f: cfGeluTanh(math.Sqrt(2 / math.Pi)), args: map[string]any{"approximate": "tanh"}},
		"Hardshrink":  el(cfShrink(0.5, 0)),
		"hardshrink":  {f: cfShrink(1, 0), args: map[string]any{"lambd": 1}},
		"LeakyReLU":   el(cfLeaky(0.01)),
		"leaky_relu":  {f: cfLeaky(0.1), args: map[string]any{"negative_slope": 0.1}},
		"leaky_relu_": el(cfLeaky(0.01)),
		"LogSigmoid":  el(cfLogSigmoid),
		"logsigmoid":  el(cfLogSigmoid),
		"Softplus":    el(cfSoftplus(1, 20)),
		"softplus":    {f: cfSoftplus(2, 10), args: map[string]any{"beta": 2, "threshold": 10}},
		"Softshrink":  el(cfShrink(0.5, 0.5)),
		"softshrink":  {f: cfShrink(2, 2), args: map[string]any{"lambd": 2}},
		"PReLU":       el(cfLeaky(0.25)),
		"prelu":       {f: cfLeaky(-0.5), args: map[string]any{"weight": -0.5}},
		"Softsign":    el(cfSoftsign),
		"softsign":    el(cfSoftsign),
		"Tanhshrink":  el(cfTanhshrink),
		"tanhshrink":  el(cfTanhshrink),
		"Softmin":     {rows: cfSoftmin},
		"softmin":     {rows: cfSoftmin, args: map[string]any{"dim": 1}},
		"Softmax":     {rows: cfSoftmax},
		"softmax":     {rows: cfSoftmax, args: map[string]any{"dim": -1}},
		"LogSoftmax":  {rows: cfLogSoftmax},
		"log_softmax": {rows: cfLogSoftmax, args: map[string]any{"dim": nil}},
	},
	JAX: {
		"celu":           el(cfCelu(1)),
		"elu":            el(cfElu(1)),
		"gelu":           el(cfGeluTanh(math.Sqrt(2 / math.Pi))),
		"glu":            {rows: cfGlu},
		"hard_sigmoid":   el(cfHardSigmoid6),
		"hard_silu":      el(cfHardSwish),
		"hard_swish":     el(cfHardSwish),
		"hard_tanh":      el(cfClamp(-1, 1)),
		"leaky_relu":     el(cfLeaky(0.01)),
		"log_sigmoid":    el(cfLogSigmoid),
		"log_softmax":    {rows: cfLogSoftmax},
		"relu":           el(cfRelu),
		"identity":       el(cfIdentity),
		"relu6":          el(cfClamp(0, 6)),
		"selu":           el(cfSelu),
		"sigmoid":        el(cfSigmoid),
		"soft_sign":      el(cfSoftsign),
		"softmax":        {rows: cfSoftmax},
		"softplus":       el(cfExactSoft),
		"sparse_plus":    el(cfSparsePlus),
		"sparse_sigmoid": el(cfSparseSigmoid),
		"silu":           el(cfSwish(1)),
		"swish":          el(cfSwish(1)),
		"squareplus":     el(cfSquareplus),
		"mish":           el(cfMish),
		"tanh":           el(math.Tanh),
	},
	Keras: {
		"relu":           el(cfRelu),
		"leaky_relu":     el(cfLeaky(0.2)),
		"relu6":          el(cfClamp(0, 6)),
		"softmax":        {rows: cfSoftmax},
		"celu":           el(cfCelu(1)),
		"elu":            el(cfElu(1)),
		"selu":           el(cfSelu),
		"softplus":       el(cfExactSoft),
		"softsign":       el(cfSoftsign),
		"squareplus":     el(cfSquareplus),
		"soft_shrink":    el(cfShrink(0.5, 0.5)),
		"sparse_plus":    el(cfSparsePlus),
		"silu":           el(cfSwish(1)),
		"swish":          el(cfSwish(1)),
		"gelu":           el(cfGelu),
		"glu":            {rows: cfGlu},
		"tanh":           el(math.Tanh),
		"tanh_shrink":    el(cfTanhshrink),
		"threshold":      {f: cfThreshold(1, 3), args: map[string]any{"threshold": 1, "default_value": 3}},
		"sigmoid":        el(cfSigmoid),
		"sparse_sigmoid": el(cfSparseSigmoid),
		"exponential":    el(math.Exp),
		"hard_sigmoid":   el(cfHardSigmoid6),
		"hard_silu":      el(cfHardSwish),
		"hard_swish":     el(cfHardSwish),
		"hard_tanh":      el(cfClamp(-1, 1)),
		"hard_shrink":    el(cfShrink(0.5, 0)),
		"linear":         el(cfIdentity),
		"mish":           el(cfMish),
		"log_softmax":    {rows: cfLogSoftmax},
		"log_sigmoid":    el(cfLogSigmoid),
		"sparsemax":      {rows: cfSparsemax},
	},
	ONNX: {
		"Relu":            el(cfRelu),
		"LeakyRelu":       el(cfLeaky(0.01)),
		"PRelu":           {f: cfLeaky(float64(float32(0.3))), args: map[string]any{"slope": float32(0.3)}},
		"Elu":             el(cfElu(1)),
		"Selu":            el(cfScaledELU(1.67326319217681884765625, 1.05070102214813232421875)),
		"Celu":            el(cfCelu(1)),
		"Sigmoid":         el(cfSigmoid),
		"HardSigmoid":     el(cfHardSigmoid(0.2, 0.5)),
		"HardSwish":       el(cfHardSwish),
		"Tanh":            el(math.Tanh),
		"Softplus":        el(cfExactSoft),
		"Softsign":        el(cfSoftsign),
		"ThresholdedRelu": el(cfThreshold(1, 0)),
		"Shrink":          el(cfShrink(0.5, 0)),
		"Gelu":            el(cfGelu),
		"Mish":            el(cfMish),
		"Swish":           {f: cfSwish(1.5), args: map[string]any{"alpha": 1.5}},
		"SwiGLU":          {rows: cfSwiglu},
		"Softmax":         {rows: cfSoftmax},
		"LogSoftmax":      {rows: cfLogSoftmax},
		"Hardmax":         {rows: cfHardmax, args: map[string]any{"axis": 1}},
		"Clip":            {f: cfClamp(-0.5, 2), args: map[string]any{"min": -0.5, "max": json.Number("2")}},
	},
}

// TestLookupMeanings checks every name against its list's definition,
// on inputs where the variants part: the slopes, the kinks, softplus's
// threshold (20.5), the two GELUs.
func TestLookupMeanings(t *testing.T) {
	xs := []float64{-7.5, -3, -2.5, -1, -0.3, -1e-7, 0, 0.4, 1, 1.25, 2.5, 3, 6.5, 20.5}
	for ns := HuggingFace; ns <= ONNX; ns++ {
		for _, name := range Names(ns) {
			m, ok := lookupMeanings[ns][name]
			if !assert.True(t, ok, "%v's %q has no meaning in the test", ns, name) {
				continue
			}
			l, err := Lookup(ns, name, m.args)
			require.NoError(t, err, "%v's %q", ns, name)
			tol := m.tol
			if tol == 0 {
				tol = 1e-12
			}
			var got, want []float64
			if m.f != nil {
				got = mat.Row(nil, 0, l.Forward(mat.NewDense(1, len(xs), slices.Clone(xs)), false))
				for _, x := range xs {
					want = append(want, m.f(x))
				}
			} else {
				row := []float64{-7.5, 0.25, 3, -1, 0.5, 3}
				got = mat.Row(nil, 0, l.Forward(mat.NewDense(1, len(row), row), false))
				want = m.rows(row)
			}
			require.Len(t, got, len(want))
			for i := range got {
				if d := math.Abs(got[i] - want[i]); !(d <= tol*math.Abs(want[i])+1e-300 || got[i] == want[i]) {
					t.Errorf("%v's %q at %d: %v, want %v", ns, name, i, got[i], want[i])
				}
			}
		}
	}
}

func TestLookupErrors(t *testing.T) {
	for _, c := range []struct {
		ns   Namespace
		name string
		args map[string]any
		want string
	}{
		{PyTorch, "gelu_new", nil, `activation: Lookup: PyTorch has no activation "gelu_new"; near: "GELU", "gelu"; Hugging Face has "gelu_new"`},
		{PyTorch, "hard_swish", nil, `activation: Lookup: PyTorch has no activation "hard_swish"; near: "Hardswish", "hardswish"; JAX has "hard_swish"; Keras has "hard_swish"`},
		{Keras, "Relu", nil, `activation: Lookup: Keras has no activation "Relu"; near: "relu"; ONNX has "Relu"`},
		{PyTorch, "MultiheadAttention", nil, `activation: Lookup: PyTorch's "MultiheadAttention" is not an activation layer: an attention layer with learned projections`},
		{JAX, "logsumexp", nil, `activation: Lookup: JAX's "logsumexp" is not an activation layer: a reduction`},
		{Namespace(9), "relu", nil, `activation: Lookup: unknown namespace Namespace(9)`},
		{PyTorch, "ELU", map[string]any{"alpah": 1}, `activation: Lookup: PyTorch's ELU takes no argument "alpah"; it takes the arguments inplace, alpha`},
		{JAX, "relu", map[string]any{"inplace": true}, `activation: Lookup: JAX's relu takes no argument "inplace"; it takes no arguments`},
		{PyTorch, "Threshold", map[string]any{"value": 0}, `activation: Lookup: PyTorch's Threshold: argument "threshold" is required`},
		{Keras, "threshold", nil, `activation: Lookup: Keras's threshold: argument "threshold" is required`},
		{ONNX, "PRelu", nil, `activation: Lookup: ONNX's PRelu: argument "slope" is required`},
		{ONNX, "PRelu", map[string]any{"slope": []float64{}}, `activation: Lookup: ONNX's PRelu: argument "slope" is empty, want a number or one per feature`},
		{ONNX, "PRelu", map[string]any{"slope": []any{1.0, "x"}}, `activation: Lookup: ONNX's PRelu: argument "slope" holds x (string), want numbers`},
		{ONNX, "PRelu", map[string]any{"slope": []float64{1, math.NaN()}}, `activation: Lookup: ONNX's PRelu: argument "slope" holds NaN at 1, must be finite`},
		{PyTorch, "GELU", map[string]any{"approximate": true}, `activation: Lookup: PyTorch's GELU: argument "approximate" is true (bool), want a string`},
		{ONNX, "Gelu", map[string]any{"approximate": "erf"}, `activation: Lookup: ONNX's Gelu: argument "approximate" is "erf", want "none" or "tanh"`},
		{JAX, "gelu", map[string]any{"approximate": "tanh"}, `activation: Lookup: JAX's gelu: argument "approximate" is tanh (string), want true or false`},
		{PyTorch, "softmax", map[string]any{"dim": 0}, `activation: Lookup: PyTorch's softmax: dim is 0, want 1 or -1: rows are samples here, and the layer works on each row's features`},
		{PyTorch, "Softplus", map[string]any{"beta": "2"}, `activation: Lookup: PyTorch's Softplus: argument "beta" is 2 (string), want a number`},
		{PyTorch, "PReLU", map[string]any{"num_parameters": 2.5}, `activation: Lookup: PyTorch's PReLU: argument "num_parameters" is 2.5, want an integer`},
		{PyTorch, "RReLU", map[string]any{"seed": -1}, `activation: Lookup: PyTorch's RReLU: argument "seed" is -1, must not be negative`},
		{ONNX, "LeakyRelu", map[string]any{"alpha": math.Inf(1)}, `activation: Lookup: ONNX's LeakyRelu: NewLeakyReLU: slope is +Inf, must be finite`},
		{Keras, "relu", map[string]any{"negative_slope": 0.1, "max_value": 6}, `activation: Lookup: Keras's relu: takes one of negative_slope, max_value and threshold here, not two`},
		{ONNX, "SwiGLU", map[string]any{"alpha": 1.702}, `activation: Lookup: ONNX's SwiGLU: alpha is 1.702; SwiGLU here has alpha 1`},
	} {
		l, err := Lookup(c.ns, c.name, c.args)
		assert.Nil(t, l, "%v %q", c.ns, c.name)
		assert.EqualError(t, err, c.want)
	}
}

// TestLookupArguments checks arguments that pick other layers, and that
// numbers come in any type.
func TestLookupArguments(t *testing.T) {
	for _, c := range []struct {
		ns     Namespace
		name   string
		args   map[string]any
		config string
	}{
		{PyTorch, "PReLU", map[string]any{"num_parameters": int64(3), "init": 0.1}, "PReLUPerFeature"},
		{ONNX, "PRelu", map[string]any{"slope": []any{0.1, json.Number("0.2"), 3}}, "PReLUPerFeature"},
		{PyTorch, "rrelu", map[string]any{"training": true, "seed": uint8(7)}, "RReLU"},
		{JAX, "gelu", map[string]any{"approximate": false}, "GELU"},
		{Keras, "gelu", map[string]any{"approximate": true}, "GELUTanh"},
		{Keras, "relu", map[string]any{"max_value": 6}, "ReLU6"},
		{Keras, "relu", map[string]any{"max_value": float32(2.5)}, "Hardtanh"},
		{Keras, "relu", map[string]any{"threshold": 1}, "Threshold"},
		{Keras, "relu", map[string]any{"negative_slope": 0.3, "max_value": nil}, "LeakyReLU"},
		{ONNX, "Swish", nil, "Swish"},
		{ONNX, "Clip", nil, "Hardtanh"},
	} {
		l, err := Lookup(c.ns, c.name, c.args)
		require.NoError(t, err, "%v %q", c.ns, c.name)
		assert.Equal(t, c.config, l.(Configurer).Config()["name"], "%v %q %v", c.ns, c.name, c.args)
	}
	p, err := Lookup(ONNX, "PRelu", map[string]any{"slope": []float64{0.5, -2}})
	require.NoError(t, err)
	y := p.Forward(mat.NewDense(1, 2, []float64{-4, -4}), false)
	assert.Equal(t, []float64{-2, 8}, y.RawRowView(0))
	r, err := Lookup(PyTorch, "RReLU", map[string]any{"seed": 9})
	require.NoError(t, err)
	assert.Equal(t, uint64(9), r.(*RReLU).seed)
}

// TestLookupNamesDiffer checks the names that libraries give different
// meanings: the same name, two layers.
func TestLookupNamesDiffer(t *testing.T) {
	x := mat.NewDense(1, 3, []float64{-2, 1, 21})
	for _, c := range []struct {
		name   string
		ns, to Namespace
	}{
		{"gelu", JAX, PyTorch},
		{"leaky_relu", Keras, PyTorch},
		{"softplus", JAX, PyTorch},
	} {
		a, err := Lookup(c.ns, c.name, nil)
		require.NoError(t, err)
		b, err := Lookup(c.to, c.name, nil)
		require.NoError(t, err)
		assert.NotEqual(t, a.Forward(x, false).RawMatrix().Data, b.Forward(x, false).RawMatrix().Data, fmt.Sprintf("%s in %v and %v", c.name, c.ns, c.to))
	}
}

// TestLookupLayersWork checks that every layer Lookup makes trains, saves
// and gives its slice function.
func TestLookupLayersWork(t *testing.T) {
	for ns := HuggingFace; ns <= ONNX; ns++ {
		for _, name := range Names(ns) {
			l, err := Lookup(ns, name, lookupMeanings[ns][name].args)
			require.NoError(t, err)
			x := mat.NewDense(2, 4, []float64{-2, -0.5, 0.5, 2, 3, -3, 1, 0})
			y := l.Forward(x, true)
			r, c := y.Dims()
			l.Backward(mat.NewDense(r, c, nil))
			data, err := Marshal(l)
			require.NoError(t, err, "%v's %q", ns, name)
			back, err := Unmarshal(data)
			require.NoError(t, err)
			assert.Equal(t, l.Forward(x, false), back.Forward(x, false), "%v's %q", ns, name)
			_, e1 := FuncOf[float32](l)
			_, e2 := RowFuncOf[float32](l)
			_, e3 := GatedFuncOf[float32](l)
			switch l.(type) {
			case *PReLUPerFeature:
				continue
			}
			assert.True(t, e1 == nil || e2 == nil || e3 == nil, "%v's %q has no slice function", ns, name)
		}
	}
}

// TestDocsListEveryName checks docs/layers.md's list of the names Lookup
// knows against Names: each namespace's line has every name, and no other.
func TestDocsListEveryName(t *testing.T) {
	text, err := os.ReadFile(filepath.Join("docs", "layers.md"))
	require.NoError(t, err)
	entry := regexp.MustCompile("`([^`]+)` →")
	for ns := HuggingFace; ns <= ONNX; ns++ {
		var line string
		for _, l := range strings.Split(string(text), "\n") {
			if strings.HasPrefix(l, "- **"+ns.String()+"**") {
				line = l
			}
		}
		require.NotEmpty(t, line, "docs/layers.md has no line for %v", ns)
		var listed []string
		for _, m := range entry.FindAllStringSubmatch(line, -1) {
			listed = append(listed, m[1])
		}
		assert.ElementsMatch(t, Names(ns), listed, "docs/layers.md's names of %v", ns)
	}
}
