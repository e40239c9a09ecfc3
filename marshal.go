package activation

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strings"
	"sync"
)

// Configurer is a layer that can describe itself, as the original's
// get_config: Config returns the layer's registered name under "name" and
// its constructor arguments under theirs, as JSON-encodable values. Every
// built-in layer is a Configurer.
type Configurer interface {
	Config() map[string]any
}

// Builder rebuilds a layer from its configuration, the map its Config
// returned after a round trip through JSON: numbers arrive as float64.
// It returns an error, not a panic, for a configuration it cannot use.
type Builder func(cfg map[string]any) (Layer, error)

var registry = struct {
	sync.RWMutex
	builders map[string]Builder
}{builders: map[string]Builder{}}

// Register makes the layers whose Config has the given name loadable by
// Unmarshal, and so savable by Marshal, as database/sql.Register does for
// drivers. It panics if name is empty or taken or build is nil. The
// built-in layers are registered under the names their Config reports.
func Register(name string, build Builder) {
	registry.Lock()
	defer registry.Unlock()
	switch {
	case name == "" || name == sequentialName:
		panic(fmt.Sprintf("activation: Register: invalid name %q", name))
	case build == nil:
		panic("activation: Register: nil builder for " + name)
	case registry.builders[name] != nil:
		panic("activation: Register: called twice for " + name)
	}
	registry.builders[name] = build
}

func builder(name string) Builder {
	registry.RLock()
	defer registry.RUnlock()
	return registry.builders[name]
}

const (
	docVersion     = 1
	sequentialName = "Sequential"
)

// document is the JSON form of a saved layer.
type document struct {
	Version int      `json:"version"`
	Layer   layerDoc `json:"layer"`
}

type layerDoc struct {
	Config map[string]any      `json:"config"`
	Params map[string]paramDoc `json:"params,omitempty"`
	Layers []layerDoc          `json:"layers,omitempty"` // of a Sequential
}

type paramDoc struct {
	Rows int       `json:"rows"`
	Cols int       `json:"cols"`
	Data []float64 `json:"data"`
}

// Marshal returns the JSON form of l: its configuration and the current
// values of its trainable parameters, or, for a Sequential, those of every
// layer in it. Unmarshal rebuilds from it a layer whose Forward gives
// bit-identical results.
//
// Marshal returns an error if l, or a layer inside it, is not a Configurer
// under a registered name (as a layer built by New is not: it holds Go
// functions), if a parameter holds NaN or an infinity, which JSON cannot
// carry, or if Unmarshal would refuse the document, as it refuses a
// Softmax whose Temperature was set to 0: Marshal loads what it wrote back
// to make sure, so it also runs the builders of registered user layers.
func Marshal(l Layer) ([]byte, error) {
	d, err := marshalLayer(l, "layer")
	if err != nil {
		return nil, err
	}
	data, err := json.Marshal(document{Version: docVersion, Layer: d})
	if err != nil {
		return nil, fmt.Errorf("activation: Marshal: %w", err)
	}
	if _, err := Unmarshal(data); err != nil {
		return nil, fmt.Errorf("activation: Marshal: Unmarshal would refuse it: %s", strings.TrimPrefix(err.Error(), "activation: Unmarshal: "))
	}
	return data, nil
}

func marshalLayer(l Layer, where string) (layerDoc, error) {
	if l == nil {
		return layerDoc{}, fmt.Errorf("activation: Marshal: %s is nil", where)
	}
	if s, ok := l.(*Sequential); ok {
		d := layerDoc{Config: map[string]any{"name": sequentialName}}
		for i, inner := range s.layers {
			id, err := marshalLayer(inner, fmt.Sprintf("%s %d of %s", "layer", i, where))
			if err != nil {
				return layerDoc{}, err
			}
			d.Layers = append(d.Layers, id)
		}
		return d, nil
	}
	c, ok := l.(Configurer)
	if !ok {
		return layerDoc{}, fmt.Errorf("activation: Marshal: %s (%T) has no Config method", where, l)
	}
	cfg, err := configOf(c)
	if err != nil {
		return layerDoc{}, fmt.Errorf("activation: Marshal: %s: %v", where, err)
	}
	name, _ := cfg["name"].(string)
	if builder(name) == nil {
		if name == "Activation" {
			return layerDoc{}, fmt.Errorf("activation: Marshal: %s was built by New, whose functions JSON cannot hold; give it a type with a Config method and Register a builder for its name", where)
		}
		return layerDoc{}, fmt.Errorf("activation: Marshal: %s is %q, which is not registered", where, name)
	}
	d := layerDoc{Config: cfg}
	for pname, p := range l.Params() {
		r, cols := p.Value.Dims()
		data := make([]float64, 0, r*cols)
		for i := range r {
			data = append(data, p.Value.RawRowView(i)...)
		}
		for _, v := range data {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return layerDoc{}, fmt.Errorf("activation: Marshal: %s (%s) parameter %q holds %v, which JSON cannot carry", where, name, pname, v)
			}
		}
		if d.Params == nil {
			d.Params = map[string]paramDoc{}
		}
		d.Params[pname] = paramDoc{Rows: r, Cols: cols, Data: data}
	}
	return d, nil
}

// configOf returns a copy of c's configuration, or what its Config panicked
// with, as the zero value of a built-in layer does.
func configOf(c Configurer) (cfg map[string]any, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("Config panicked: %v", r)
		}
	}()
	return maps.Clone(c.Config()), nil
}

// Unmarshal rebuilds a layer from the JSON that Marshal wrote. For a bad
// document (not JSON, or not one Marshal writes: an unknown layer name, a
// missing or mistyped field, an argument a constructor refuses, a parameter
// of the wrong shape) it returns an error that names the problem and no
// layer; it does not panic.
func Unmarshal(data []byte) (Layer, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var doc document
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("activation: Unmarshal: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("activation: Unmarshal: data after the document")
	}
	if doc.Version != docVersion {
		return nil, fmt.Errorf("activation: Unmarshal: version is %d, want %d", doc.Version, docVersion)
	}
	l, err := unmarshalLayer(doc.Layer, "layer")
	if err != nil {
		return nil, fmt.Errorf("activation: Unmarshal: %w", err)
	}
	return l, nil
}

func unmarshalLayer(d layerDoc, where string) (l Layer, err error) {
	if d.Config == nil {
		return nil, fmt.Errorf("%s: no config", where)
	}
	name, ok := d.Config["name"].(string)
	if !ok {
		return nil, fmt.Errorf("%s: config has no name", where)
	}
	if name == sequentialName {
		if len(d.Layers) == 0 || len(d.Params) != 0 || len(d.Config) != 1 {
			return nil, fmt.Errorf("%s: a Sequential needs layers and nothing else", where)
		}
		layers := make([]Layer, len(d.Layers))
		for i, inner := range d.Layers {
			if layers[i], err = unmarshalLayer(inner, fmt.Sprintf("layer %d of %s", i, where)); err != nil {
				return nil, err
			}
		}
		return NewSequential(layers...), nil
	}
	if d.Layers != nil {
		return nil, fmt.Errorf("%s: %s has layers; only a Sequential has", where, name)
	}
	build := builder(name)
	if build == nil {
		return nil, fmt.Errorf("%s: unknown layer %q (not registered)", where, name)
	}
	defer func() {
		if r := recover(); r != nil {
			l, err = nil, fmt.Errorf("%s: the builder of %s panicked: %v", where, name, r)
		}
	}()
	l, err = build(maps.Clone(d.Config))
	if err != nil {
		return nil, fmt.Errorf("%s: %s: %w", where, name, err)
	}
	if l == nil {
		return nil, fmt.Errorf("%s: the builder of %s returned no layer", where, name)
	}
	if err := setParams(l, d.Params); err != nil {
		return nil, fmt.Errorf("%s: %s: %w", where, name, err)
	}
	return l, nil
}

// setParams copies saved parameter values into l, whose parameters must
// have the same names and shapes.
func setParams(l Layer, saved map[string]paramDoc) error {
	params := l.Params()
	for _, name := range slices.Sorted(maps.Keys(saved)) {
		if _, ok := params[name]; !ok {
			return fmt.Errorf("unknown parameter %q", name)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(params)) {
		p := params[name]
		s, ok := saved[name]
		if !ok {
			return fmt.Errorf("parameter %q missing", name)
		}
		r, c := p.Value.Dims()
		if s.Rows != r || s.Cols != c || len(s.Data) != r*c {
			return fmt.Errorf("parameter %q is %dx%d with %d values, want %dx%d", name, s.Rows, s.Cols, len(s.Data), r, c)
		}
		for i := range r {
			copy(p.Value.RawRowView(i), s.Data[i*c:(i+1)*c])
		}
	}
	return nil
}

// config reads the fields of a built-in layer's configuration, keeping
// the first problem it meets.
type config struct {
	cfg  map[string]any
	used map[string]bool
	err  error
}

// number returns the field key, which must be a number.
func (c *config) number(key string) float64 {
	v, ok := c.cfg[key]
	if !ok {
		c.fail(fmt.Errorf("config has no %q", key))
		return 0
	}
	if c.used == nil {
		c.used = map[string]bool{}
	}
	c.used[key] = true
	f, ok := v.(float64)
	if !ok {
		c.fail(fmt.Errorf("config field %q is %T, want a number", key, v))
	}
	return f
}

// boolean returns the field key, which must be true or false.
func (c *config) boolean(key string) bool {
	v, ok := c.cfg[key]
	if !ok {
		c.fail(fmt.Errorf("config has no %q", key))
		return false
	}
	if c.used == nil {
		c.used = map[string]bool{}
	}
	c.used[key] = true
	b, ok := v.(bool)
	if !ok {
		c.fail(fmt.Errorf("config field %q is %T, want true or false", key, v))
	}
	return b
}

// integer returns the field key, which must be a whole number in [1, max].
func (c *config) integer(key string, max int) int {
	f := c.number(key)
	if c.err == nil && !(f >= 1 && f <= float64(max) && f == math.Trunc(f)) {
		c.fail(fmt.Errorf("config field %q is %v, want a whole number from 1 to %d", key, f, max))
	}
	return int(f)
}

// check keeps err, a constructor's refusal, if it is the first problem.
func (c *config) check(err error) { c.fail(err) }

func (c *config) fail(err error) {
	if c.err == nil && err != nil {
		c.err = err
	}
}

// done returns the first problem, or that the configuration has a field
// that the layer does not take.
func (c *config) done() error {
	if c.err != nil {
		return c.err
	}
	for _, k := range slices.Sorted(maps.Keys(c.cfg)) {
		if k != "name" && !c.used[k] {
			return fmt.Errorf("config has unknown field %q", k)
		}
	}
	return nil
}

// maxFeatures bounds the features of a PReLUPerFeature in a document, so
// that a corrupt number cannot demand an enormous allocation.
const maxFeatures = 1 << 20

func init() {
	noArgs := func(build func() Layer) Builder {
		return func(cfg map[string]any) (Layer, error) {
			c := config{cfg: cfg}
			if err := c.done(); err != nil {
				return nil, err
			}
			return build(), nil
		}
	}
	for name, build := range map[string]func() Layer{
		"ReLU": func() Layer { return NewReLU() }, "SELU": func() Layer { return NewSELU() },
		"GELU": func() Layer { return NewGELU() }, "GELUTanh": func() Layer { return NewGELUTanh() },
		"Mish": func() Layer { return NewMish() }, "HardSigmoid": func() Layer { return NewHardSigmoid() },
		"HardSwish": func() Layer { return NewHardSwish() }, "Swish": func() Layer { return NewSwish() },
		"Tanh": func() Layer { return NewTanh() }, "Sigmoid": func() Layer { return NewSigmoid() },
		"ReLU6": func() Layer { return NewReLU6() }, "LogSigmoid": func() Layer { return NewLogSigmoid() },
		"Softsign": func() Layer { return NewSoftsign() }, "Tanhshrink": func() Layer { return NewTanhshrink() },
		"SparsePlus": func() Layer { return NewSparsePlus() }, "SparseSigmoid": func() Layer { return NewSparseSigmoid() },
		"Identity": func() Layer { return NewIdentity() },
		"GLU":      func() Layer { return NewGLU() }, "SwiGLU": func() Layer { return NewSwiGLU() },
		"GEGLU": func() Layer { return NewGEGLU() }, "ReGLU": func() Layer { return NewReGLU() },
		"Sparsemax": func() Layer { return NewSparsemax() }, "Entmax15": func() Layer { return NewEntmax15() },
		"ReLUSquared": func() Layer { return NewReLUSquared() }, "QuickGELU": func() Layer { return NewQuickGELU() },
		"GEGLUTanh": func() Layer { return NewGEGLUTanh() }, "Exp": func() Layer { return NewExp() },
		"SqrtSoftplus": func() Layer { return NewSqrtSoftplus() }, "Hardmax": func() Layer { return NewHardmax() },
	} {
		Register(name, noArgs(build))
	}
	Register("LeakyReLU", func(cfg map[string]any) (Layer, error) {
		c := config{cfg: cfg}
		slope := c.number("slope")
		c.check(checkFinite("slope", slope))
		return built(&c, func() Layer { return NewLeakyReLU(slope) })
	})
	Register("PReLU", func(cfg map[string]any) (Layer, error) {
		c := config{cfg: cfg}
		alpha := c.number("alpha")
		c.check(checkFinite("alpha", alpha))
		return built(&c, func() Layer { return NewPReLU(alpha) })
	})
	Register("PReLUPerFeature", func(cfg map[string]any) (Layer, error) {
		c := config{cfg: cfg}
		features, alpha := c.integer("features", maxFeatures), c.number("alpha")
		c.check(checkPerFeature(features, alpha))
		return built(&c, func() Layer { return NewPReLUPerFeature(features, alpha) })
	})
	Register("ELU", func(cfg map[string]any) (Layer, error) {
		c := config{cfg: cfg}
		alpha := c.number("alpha")
		c.check(checkELUAlpha(alpha))
		return built(&c, func() Layer { return NewELU(alpha) })
	})
	Register("Softplus", func(cfg map[string]any) (Layer, error) {
		c := config{cfg: cfg}
		beta, threshold := c.number("beta"), c.number("threshold")
		c.check(checkSoftplus(beta, threshold))
		return built(&c, func() Layer { return NewSoftplus(beta, threshold) })
	})
	Register("HardSigmoidAffine", func(cfg map[string]any) (Layer, error) {
		c := config{cfg: cfg}
		alpha, beta := c.number("alpha"), c.number("beta")
		c.check(checkHardSigmoidAffine(alpha, beta))
		return built(&c, func() Layer { return NewHardSigmoidAffine(alpha, beta) })
	})
	Register("Hardtanh", func(cfg map[string]any) (Layer, error) {
		c := config{cfg: cfg}
		lo, hi := c.number("min"), c.number("max")
		c.check(checkHardtanh(lo, hi))
		return built(&c, func() Layer { return NewHardtanh(lo, hi) })
	})
	Register("Threshold", func(cfg map[string]any) (Layer, error) {
		c := config{cfg: cfg}
		threshold, value := c.number("threshold"), c.number("value")
		c.check(checkThreshold(threshold, value))
		return built(&c, func() Layer { return NewThreshold(threshold, value) })
	})
	Register("ScaledELU", func(cfg map[string]any) (Layer, error) {
		c := config{cfg: cfg}
		alpha, scale := c.number("alpha"), c.number("scale")
		c.check(checkScaledELU(alpha, scale))
		return built(&c, func() Layer { return NewScaledELU(alpha, scale) })
	})
	Register("CELU", func(cfg map[string]any) (Layer, error) {
		c := config{cfg: cfg}
		alpha := c.number("alpha")
		c.check(checkCELUAlpha(alpha))
		return built(&c, func() Layer { return NewCELU(alpha) })
	})
	for name, build := range map[string]func(float64) *Activation{"Hardshrink": NewHardshrink, "Softshrink": NewSoftshrink} {
		Register(name, func(cfg map[string]any) (Layer, error) {
			c := config{cfg: cfg}
			lambda := c.number("lambda")
			c.check(checkLambda(lambda))
			return built(&c, func() Layer { return build(lambda) })
		})
	}
	Register("Shrink", func(cfg map[string]any) (Layer, error) {
		c := config{cfg: cfg}
		lambda, bias := c.number("lambda"), c.number("bias")
		c.check(checkShrink(lambda, bias))
		return built(&c, func() Layer { return NewShrink(lambda, bias) })
	})
	Register("Squareplus", func(cfg map[string]any) (Layer, error) {
		c := config{cfg: cfg}
		b := c.number("b")
		c.check(checkSquareplus(b))
		return built(&c, func() Layer { return NewSquareplus(b) })
	})
	Register("RReLU", func(cfg map[string]any) (Layer, error) {
		c := config{cfg: cfg}
		lower, upper, seed := c.number("lower"), c.number("upper"), c.number("seed")
		c.check(checkRReLU(lower, upper, seed))
		return built(&c, func() Layer { return NewRReLU(lower, upper, uint64(seed)) })
	})
	Register("SwishBeta", func(cfg map[string]any) (Layer, error) {
		c := config{cfg: cfg}
		beta := c.number("beta")
		c.check(checkFinite("beta", beta))
		return built(&c, func() Layer { return NewSwishBeta(beta) })
	})
	Register("Softcap", func(cfg map[string]any) (Layer, error) {
		c := config{cfg: cfg}
		cap := c.number("cap")
		c.check(checkSoftcap(cap))
		return built(&c, func() Layer { return NewSoftcap(cap) })
	})
	Register("ClampedSwiGLU", func(cfg map[string]any) (Layer, error) {
		c := config{cfg: cfg}
		alpha, limit, interleaved := c.number("alpha"), c.number("limit"), c.boolean("interleaved")
		c.check(checkClampedSwiGLU(alpha, limit))
		return built(&c, func() Layer { return NewClampedSwiGLU(alpha, limit, interleaved) })
	})
	Register("Laplace", func(cfg map[string]any) (Layer, error) {
		c := config{cfg: cfg}
		mu, sigma := c.number("mu"), c.number("sigma")
		c.check(checkLaplace(mu, sigma))
		return built(&c, func() Layer { return NewLaplace(mu, sigma) })
	})
	Register("ClippedGELU", func(cfg map[string]any) (Layer, error) {
		c := config{cfg: cfg}
		lo, hi := c.number("min"), c.number("max")
		c.check(checkHardtanh(lo, hi))
		return built(&c, func() Layer { return NewClippedGELU(lo, hi) })
	})
	Register("XIELU", func(cfg map[string]any) (Layer, error) {
		c := config{cfg: cfg}
		ap, an, beta, eps := c.number("alpha_p"), c.number("alpha_n"), c.number("beta"), c.number("eps")
		c.check(checkXIELU(ap, an, beta, eps))
		return built(&c, func() Layer { return NewXIELU(ap, an, beta, eps) })
	})
	Register("Snake", func(cfg map[string]any) (Layer, error) {
		c := config{cfg: cfg}
		features, alpha := c.integer("features", maxFeatures), c.number("alpha")
		c.check(checkPerFeature(features, alpha))
		return built(&c, func() Layer { return NewSnake(features, alpha) })
	})
	Register("Softmax", func(cfg map[string]any) (Layer, error) {
		c := config{cfg: cfg}
		t, eps := c.number("temperature"), c.number("epsilon")
		c.check(checkTemperature(t))
		c.check(checkEpsilon(t, eps))
		return built(&c, func() Layer {
			s := NewSoftmax(t)
			s.Epsilon = eps
			return s
		})
	})
	Register("Softmin", func(cfg map[string]any) (Layer, error) {
		c := config{cfg: cfg}
		t, eps := c.number("temperature"), c.number("epsilon")
		c.check(checkTemperature(t))
		c.check(checkEpsilon(t, eps))
		return built(&c, func() Layer {
			s := NewSoftmin(t)
			s.Epsilon = eps
			return s
		})
	})
	Register("LogSoftmax", func(cfg map[string]any) (Layer, error) {
		c := config{cfg: cfg}
		t := c.number("temperature")
		c.check(checkTemperature(t))
		return built(&c, func() Layer { return NewLogSoftmax(t) })
	})
}

// built returns the layer that build makes, unless c found a problem.
func built(c *config, build func() Layer) (Layer, error) {
	if err := c.done(); err != nil {
		return nil, err
	}
	return build(), nil
}
