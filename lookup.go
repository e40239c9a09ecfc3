package activation

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
)

// A Namespace is a library whose activation names Lookup knows. One name
// can mean different functions in different libraries: JAX's gelu is the
// tanh approximation where PyTorch's, Hugging Face's and Keras's are
// exact; Keras's leaky_relu has slope 0.2 where the others have 0.01;
// ONNX's HardSigmoid is 0.2x + 1/2 where the others' is x/6 + 1/2; JAX's
// and Keras's softplus have no threshold where PyTorch's has 20. So a
// lookup always says whose name it gives, and gets that library's meaning
// and defaults.
type Namespace int

const (
	// HuggingFace is the keys of transformers' ACT2FN, as a config's
	// hidden_act gives them: "gelu", "gelu_new", "silu", "relu2", ….
	HuggingFace Namespace = iota + 1
	// PyTorch is the activation classes of torch.nn ("GELU", "SiLU",
	// "Softmax", …) and the functions of torch.nn.functional ("gelu",
	// "silu", "softmax", "relu_", …), with their keyword arguments.
	PyTorch
	// JAX is the activations of jax.nn: "gelu", "silu", "hard_tanh", ….
	JAX
	// Keras is the names keras.activations.get takes in Keras 3: "gelu",
	// "hard_silu", "leaky_relu", ….
	Keras
	// ONNX is the operator types of ONNX's activations, with their
	// attributes: "Gelu", "HardSigmoid", "Selu", "Shrink", ….
	ONNX
)

// String returns the library's name.
func (ns Namespace) String() string {
	switch ns {
	case HuggingFace:
		return "Hugging Face"
	case PyTorch:
		return "PyTorch"
	case JAX:
		return "JAX"
	case Keras:
		return "Keras"
	case ONNX:
		return "ONNX"
	}
	return fmt.Sprintf("Namespace(%d)", int(ns))
}

// Lookup returns a new layer for the activation that the library ns calls
// name, with that library's defaults, as a model's config names it (a
// Hugging Face hidden_act, an ONNX node's op_type, a Keras activation
// string). args, which may be nil, sets the library's arguments by the
// library's own names, as keyword arguments or node attributes: {"alpha":
// 0.2, "beta": 0.5} for ONNX's HardSigmoid, {"approximate": "tanh"} for
// PyTorch's GELU, {"negative_slope": 0.1} for Keras's leaky_relu. Numbers
// may be any Go integer or float type or a json.Number, and nil stands for
// Python's None.
//
// The error names what is wrong: an unknown name (listing the near ones in
// ns and where other libraries have the name), an argument the function
// does not take (listing those it takes), an argument's value that the
// layer refuses, an argument the function requires (PyTorch's threshold),
// or a name that is not an activation layer (PyTorch's MultiheadAttention,
// JAX's logsumexp).
//
// What a name gives, where a library's function and a layer here differ:
//
//   - A dim or axis must be the features', 1 or -1 (PyTorch's dim=None is
//     1 for a matrix): rows here are samples.
//   - PyTorch's in-place functions (relu_, elu_, …) and inplace arguments
//     give the same layers as the others: layers never write their input.
//   - The softmaxes have Epsilon 0: the libraries' τ is the temperature.
//   - Softplus without a threshold (JAX, Keras, ONNX) is exact everywhere;
//     PyTorch's threshold of 20 is kept. Hugging Face's sqrtsoftplus is
//     SqrtSoftplus, exact: Hugging Face's takes the square root of
//     PyTorch's softplus, threshold included, which moves its values above
//     x = 20 by less than 6e-11 relative.
//   - Hugging Face's gelu_new, gelu_fast, gelu_accurate, gelu_python_tanh
//     and gelu_pytorch_tanh are GELUTanh: gelu_fast writes √(2/π) as
//     0.7978845608, which moves its values by less than 1e-9 relative.
//   - PyTorch's RReLU takes a "seed" argument, 0 by default, for its
//     generator; torch.nn.functional's rrelu defaults to training=False,
//     the fixed slope (lower + upper)/2 of a LeakyReLU.
//   - Keras's relu takes one of negative_slope, max_value and threshold,
//     not two.
//   - ONNX's Clip takes min and max as arguments (its inputs), ±MaxFloat64
//     by default; PRelu takes its slope input as "slope", a number or one
//     per feature ([]float64); SwiGLU (opset 28) takes A and B side by
//     side as one input of 2n columns, with alpha 1.
//
// Every layer Lookup makes is one a constructor here makes: Config names
// it, Marshal saves it, and FuncOf, RowFuncOf or GatedFuncOf give its
// slice function.
func Lookup(ns Namespace, name string, args map[string]any) (layer Layer, err error) {
	table, ok := lookupTables[ns]
	if !ok {
		return nil, fmt.Errorf("activation: Lookup: unknown namespace %v", ns)
	}
	build, ok := table[name]
	if !ok {
		if why, ok := notLayers[ns][name]; ok {
			return nil, fmt.Errorf("activation: Lookup: %s's %q is not an activation layer: %s", ns, name, why)
		}
		return nil, fmt.Errorf("activation: Lookup: %s has no activation %q%s", ns, name, nearNames(ns, name))
	}
	a := &lookupArgs{ns: ns, name: name, given: args}
	defer func() {
		if r := recover(); r != nil {
			msg, ok := r.(lookupError)
			if s, isString := r.(string); isString && strings.HasPrefix(s, "activation: ") {
				msg, ok = lookupError(strings.TrimPrefix(s, "activation: ")), true
			}
			if !ok {
				panic(r)
			}
			layer, err = nil, fmt.Errorf("activation: Lookup: %s's %s: %s", ns, name, string(msg))
		}
	}()
	layer = build(a)
	for k := range args {
		if !slices.Contains(a.known, k) {
			takes := "no arguments"
			if len(a.known) > 0 {
				takes = "the arguments " + strings.Join(a.known, ", ")
			}
			return nil, fmt.Errorf("activation: Lookup: %s's %s takes no argument %q; it takes %s", ns, name, k, takes)
		}
	}
	return layer, nil
}

// Names returns the names in ns that Lookup makes a layer of, sorted.
func Names(ns Namespace) []string {
	var names []string
	for name := range lookupTables[ns] {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// lookupError is what a lookup's builder panics with for a bad argument.
type lookupError string

// lookupArgs are a lookup's arguments, read by its builder with their
// defaults, which records the names it reads.
type lookupArgs struct {
	ns    Namespace
	name  string
	given map[string]any
	known []string // the names read, in order
}

// value returns the argument key, or nil if it is not given or is None.
func (a *lookupArgs) value(key string) any {
	a.known = append(a.known, key)
	return a.given[key]
}

func (a *lookupArgs) fail(format string, v ...any) {
	panic(lookupError(fmt.Sprintf(format, v...)))
}

// number returns the argument key as a float64, def if it is absent.
func (a *lookupArgs) number(key string, def float64) float64 {
	v := a.value(key)
	if v == nil {
		return def
	}
	f, ok := toFloat(v)
	if !ok {
		a.fail("argument %q is %v (%T), want a number", key, v, v)
	}
	return f
}

// required returns the argument key, which has no default.
func (a *lookupArgs) required(key string) float64 {
	if a.given[key] == nil {
		a.known = append(a.known, key)
		a.fail("argument %q is required", key)
	}
	return a.number(key, 0)
}

// integer returns the argument key as an int, def if it is absent.
func (a *lookupArgs) integer(key string, def int) int {
	f := a.number(key, float64(def))
	if f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		a.fail("argument %q is %v, want an integer", key, f)
	}
	return int(f)
}

// text returns the argument key as a string, def if it is absent.
func (a *lookupArgs) text(key, def string) string {
	v := a.value(key)
	if v == nil {
		return def
	}
	s, ok := v.(string)
	if !ok {
		a.fail("argument %q is %v (%T), want a string", key, v, v)
	}
	return s
}

// flag returns the argument key as a bool, def if it is absent.
func (a *lookupArgs) flag(key string, def bool) bool {
	v := a.value(key)
	if v == nil {
		return def
	}
	b, ok := v.(bool)
	if !ok {
		a.fail("argument %q is %v (%T), want true or false", key, v, v)
	}
	return b
}

// features checks the argument key, a dim or axis, which must be the
// features': 1 or -1, or None where def is None.
func (a *lookupArgs) features(key string) {
	v := a.value(key)
	if v == nil {
		return
	}
	f, ok := toFloat(v)
	if !ok || (f != 1 && f != -1) {
		a.fail("%s is %v, want 1 or -1: rows are samples here, and the layer works on each row's features", key, v)
	}
}

// ignored reads the argument key, which makes no difference here.
func (a *lookupArgs) ignored(key string) { a.value(key) }

// toFloat returns v as a float64 if it is a number.
func toFloat(v any) (float64, bool) {
	switch v := v.(type) {
	case float64:
		return v, true
	case float32:
		return float64(v), true
	case int:
		return float64(v), true
	case int8:
		return float64(v), true
	case int16:
		return float64(v), true
	case int32:
		return float64(v), true
	case int64:
		return float64(v), true
	case uint:
		return float64(v), true
	case uint8:
		return float64(v), true
	case uint16:
		return float64(v), true
	case uint32:
		return float64(v), true
	case uint64:
		return float64(v), true
	case json.Number:
		f, err := v.Float64()
		return f, err == nil
	}
	return 0, false
}

// nearNames returns, for a message, the names in ns near name (those
// that differ only in case and separators, or else the five nearest
// within two edits or of which one begins the other), and the libraries
// that have name itself.
func nearNames(ns Namespace, name string) string {
	type candidate struct {
		name string
		d    int
	}
	var same, close []candidate
	lower := strings.ToLower(name)
	for _, n := range Names(ns) {
		l := strings.ToLower(n)
		switch d := editDistance(l, lower); {
		case foldName(n) == foldName(name):
			same = append(same, candidate{n, 0})
		case d <= 2, strings.HasPrefix(l, lower), strings.HasPrefix(lower, l):
			close = append(close, candidate{n, d})
		}
	}
	if len(same) == 0 {
		slices.SortStableFunc(close, func(a, b candidate) int { return a.d - b.d })
		same = close[:min(len(close), 5)]
		slices.SortFunc(same, func(a, b candidate) int { return strings.Compare(a.name, b.name) })
	}
	var s string
	for i, c := range same {
		sep := ", "
		if i == 0 {
			sep = "; near: "
		}
		s += fmt.Sprintf("%s%q", sep, c.name)
	}
	for other := HuggingFace; other <= ONNX; other++ {
		if _, ok := lookupTables[other][name]; ok && other != ns {
			s += fmt.Sprintf("; %s has %q", other, name)
		}
	}
	return s
}

// foldName returns name in lower case without separators, so that
// hard_swish, hardswish and HardSwish meet.
func foldName(name string) string {
	return strings.NewReplacer("_", "", "-", "").Replace(strings.ToLower(name))
}

// editDistance returns the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev, cur := make([]int, len(b)+1), make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
