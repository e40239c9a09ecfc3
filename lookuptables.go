package activation

import "math"

// The names of testdata/names, each library's as its sources of 2026-12-05
// define them (the files give the commits), with the libraries' defaults.

// lookupBuilder makes a lookup's layer from its arguments.
type lookupBuilder func(a *lookupArgs) Layer

// plain returns the lookupBuilder of a function without arguments.
func plain[L Layer](f func() L) lookupBuilder { return func(*lookupArgs) Layer { return f() } }

// inPlace returns the lookupBuilder of a PyTorch module or function whose only
// argument is inplace, which makes no difference here.
func inPlace[L Layer](f func() L) lookupBuilder {
	return func(a *lookupArgs) Layer {
		a.ignored("inplace")
		return f()
	}
}

// withInPlace returns b taking PyTorch's inplace argument too.
func withInPlace(b lookupBuilder) lookupBuilder {
	return func(a *lookupArgs) Layer {
		a.ignored("inplace")
		return b(a)
	}
}

// Builders with arguments, by the libraries' names for them.
var (
	// leakyReLU returns the lookupBuilder of a LeakyReLU whose slope is key.
	leakyReLU = func(key string, def float64) lookupBuilder {
		return func(a *lookupArgs) Layer { return NewLeakyReLU(a.number(key, def)) }
	}
	eluAlpha       = func(a *lookupArgs) Layer { return NewELU(a.number("alpha", 1)) }
	celuAlpha      = func(a *lookupArgs) Layer { return NewCELU(a.number("alpha", 1)) }
	hardtanhMinMax = func(a *lookupArgs) Layer {
		return NewHardtanh(a.number("min_val", -1), a.number("max_val", 1))
	}
	// shrink returns the lookupBuilder of a shrink whose λ is key.
	hardshrink = func(key string) lookupBuilder {
		return func(a *lookupArgs) Layer { return NewHardshrink(a.number(key, 0.5)) }
	}
	softshrink = func(key string) lookupBuilder {
		return func(a *lookupArgs) Layer { return NewSoftshrink(a.number(key, 0.5)) }
	}
	torchSoftplus = func(a *lookupArgs) Layer {
		return NewSoftplus(a.number("beta", 1), a.number("threshold", 20))
	}
	// exactSoftplus is log(1 + e^x) without a threshold, which
	// MaxFloat64 is: βx > MaxFloat64 holds for no x.
	exactSoftplus = func(*lookupArgs) Layer { return NewSoftplus(1, math.MaxFloat64) }
	torchGELU     = func(a *lookupArgs) Layer {
		switch v := a.text("approximate", "none"); v {
		case "none":
			return NewGELU()
		case "tanh":
			return NewGELUTanh()
		default:
			a.fail(`argument "approximate" is %q, want "none" or "tanh"`, v)
		}
		return nil
	}
	// geluApproximate returns the lookupBuilder of JAX's or Keras's gelu, whose
	// approximate defaults to def.
	geluApproximate = func(def bool) lookupBuilder {
		return func(a *lookupArgs) Layer {
			if a.flag("approximate", def) {
				return NewGELUTanh()
			}
			return NewGELU()
		}
	}
	torchPReLU = func(a *lookupArgs) Layer {
		n, init := a.integer("num_parameters", 1), a.number("init", 0.25)
		if n == 1 {
			return NewPReLU(init)
		}
		return NewPReLUPerFeature(n, init)
	}
	torchRReLU = func(a *lookupArgs) Layer {
		return NewRReLU(a.number("lower", 1.0/8), a.number("upper", 1.0/3), a.seed())
	}
	// functionalRReLU is torch.nn.functional's rrelu, whose training
	// defaults to false: the fixed slope (lower + upper)/2.
	functionalRReLU = func(a *lookupArgs) Layer {
		lower, upper := a.number("lower", 1.0/8), a.number("upper", 1.0/3)
		if a.flag("training", false) {
			return NewRReLU(lower, upper, a.seed())
		}
		r := NewRReLU(lower, upper, 0) // checks lower and upper
		return NewLeakyReLU(r.inferenceSlope())
	}
	// prelu returns the lookupBuilder of a PReLU whose slope, a number or one
	// per feature, is the argument key.
	prelu = func(key string) lookupBuilder {
		return func(a *lookupArgs) Layer {
			s, ok := a.numbers(key)
			if !ok {
				return NewPReLU(a.required(key))
			}
			p := NewPReLUPerFeature(len(s), 0)
			p.param.Value.SetRow(0, s)
			return p
		}
	}
	torchThreshold = func(a *lookupArgs) Layer {
		return NewThreshold(a.required("threshold"), a.required("value"))
	}
	squareplusB = func(a *lookupArgs) Layer { return NewSquareplus(a.number("b", 4)) }
	// alongFeatures returns the builder of a layer that a library applies
	// along a dimension, key (dim or axis), which must be the features'.
	alongFeatures = func(key string, layer func() Layer) lookupBuilder {
		return func(a *lookupArgs) Layer {
			a.features(key)
			return layer()
		}
	}
	// The row-wise layers at temperature 1 with Epsilon 0, as the
	// libraries have them.
	newSoftmax0 = func() Layer {
		s := NewSoftmax(1)
		s.Epsilon = 0
		return s
	}
	newSoftmin0 = func() Layer {
		s := NewSoftmin(1)
		s.Epsilon = 0
		return s
	}
	newLogSoftmax1 = func() Layer { return NewLogSoftmax(1) }
	newGLU         = func() Layer { return NewGLU() }
	newSparsemax   = func() Layer { return NewSparsemax() }
	newHardmax     = func() Layer { return NewHardmax() }
	// kerasReLU is Keras's relu with one of its three arguments.
	kerasReLU = func(a *lookupArgs) Layer {
		slope, threshold := a.number("negative_slope", 0), a.number("threshold", 0)
		capped := a.given["max_value"] != nil
		top := a.number("max_value", 0)
		switch {
		case capped && (slope != 0 || threshold != 0), slope != 0 && threshold != 0:
			a.fail("takes one of negative_slope, max_value and threshold here, not two")
		case slope != 0:
			return NewLeakyReLU(slope)
		case threshold != 0:
			return NewThreshold(threshold, 0)
		case capped && top == 6:
			return NewReLU6()
		case capped:
			return NewHardtanh(0, top)
		}
		return NewReLU()
	}
	kerasThreshold = func(a *lookupArgs) Layer {
		return NewThreshold(a.required("threshold"), a.required("default_value"))
	}
	onnxSwish = func(a *lookupArgs) Layer {
		if alpha := a.number("alpha", 1); alpha != 1 {
			return NewSwishBeta(alpha)
		}
		return NewSwish()
	}
	onnxSwiGLU = func(a *lookupArgs) Layer {
		if alpha := a.number("alpha", 1); alpha != 1 {
			a.fail("alpha is %v; SwiGLU here has alpha 1", alpha)
		}
		return NewSwiGLU()
	}
	onnxClip = func(a *lookupArgs) Layer {
		return NewHardtanh(a.number("min", -math.MaxFloat64), a.number("max", math.MaxFloat64))
	}
)

// numbers returns the argument key if it is a list of numbers, one per
// feature, and whether it is.
func (a *lookupArgs) numbers(key string) ([]float64, bool) {
	var s []float64
	switch v := a.given[key].(type) {
	case []float64:
		s = v
	case []any:
		for _, e := range v {
			f, ok := toFloat(e)
			if !ok {
				a.fail("argument %q holds %v (%T), want numbers", key, e, e)
			}
			s = append(s, f)
		}
	default:
		return nil, false
	}
	a.value(key)
	for i, f := range s {
		if err := checkFinite(key, f); err != nil {
			a.fail("argument %q holds %v at %d, must be finite", key, f, i)
		}
	}
	if len(s) == 0 {
		a.fail("argument %q is empty, want a number or one per feature", key)
	}
	return s, true
}

// seed returns the argument seed, RReLU's, 0 by default.
func (a *lookupArgs) seed() uint64 {
	s := a.integer("seed", 0)
	if s < 0 {
		a.fail("argument \"seed\" is %d, must not be negative", s)
	}
	return uint64(s)
}

// lookupTables are the names Lookup makes layers of.
var lookupTables = map[Namespace]map[string]lookupBuilder{
	HuggingFace: {
		"gelu":              plain(NewGELU),
		"gelu_python":       plain(NewGELU),
		"gelu_10":           func(a *lookupArgs) Layer { return NewClippedGELU(a.number("min", -10), a.number("max", 10)) },
		"gelu_new":          plain(NewGELUTanh),
		"gelu_fast":         plain(NewGELUTanh),
		"gelu_accurate":     plain(NewGELUTanh),
		"gelu_pytorch_tanh": plain(NewGELUTanh),
		"gelu_python_tanh":  plain(NewGELUTanh),
		"quick_gelu":        plain(NewQuickGELU),
		"laplace":           func(a *lookupArgs) Layer { return NewLaplace(a.number("mu", 0.707107), a.number("sigma", 0.282095)) },
		"hardswish":         inPlace(NewHardSwish),
		"leaky_relu":        withInPlace(leakyReLU("negative_slope", 0.01)),
		"linear":            plain(NewIdentity),
		"mish":              plain(NewMish),
		"relu":              inPlace(NewReLU),
		"relu2":             plain(NewReLUSquared),
		"relu6":             inPlace(NewReLU6),
		"sigmoid":           plain(NewSigmoid),
		"silu":              plain(NewSwish),
		"swish":             inPlace(NewSwish),
		"sqrtsoftplus":      plain(NewSqrtSoftplus),
		"tanh":              plain(NewTanh),
		"prelu":             torchPReLU,
		"xielu": func(a *lookupArgs) Layer {
			a.ignored("dtype")
			a.ignored("with_vector_loads")
			return NewXIELU(a.number("alpha_p_init", 0.8), a.number("alpha_n_init", 0.8), a.number("beta", 0.5), a.number("eps", -1e-6))
		},
	},
	PyTorch: {
		"Threshold":   withInPlace(torchThreshold),
		"threshold":   withInPlace(torchThreshold),
		"threshold_":  torchThreshold,
		"ReLU":        inPlace(NewReLU),
		"relu":        inPlace(NewReLU),
		"relu_":       plain(NewReLU),
		"RReLU":       withInPlace(torchRReLU),
		"rrelu":       withInPlace(functionalRReLU),
		"rrelu_":      functionalRReLU,
		"Hardtanh":    withInPlace(hardtanhMinMax),
		"hardtanh":    withInPlace(hardtanhMinMax),
		"hardtanh_":   hardtanhMinMax,
		"ReLU6":       inPlace(NewReLU6),
		"relu6":       inPlace(NewReLU6),
		"Sigmoid":     plain(NewSigmoid),
		"sigmoid":     plain(NewSigmoid),
		"Hardsigmoid": inPlace(NewHardSigmoid),
		"hardsigmoid": inPlace(NewHardSigmoid),
		"Tanh":        plain(NewTanh),
		"tanh":        plain(NewTanh),
		"SiLU":        inPlace(NewSwish),
		"silu":        inPlace(NewSwish),
		"Mish":        inPlace(NewMish),
		"mish":        inPlace(NewMish),
		"Hardswish":   inPlace(NewHardSwish),
		"hardswish":   inPlace(NewHardSwish),
		"ELU":         withInPlace(eluAlpha),
		"elu":         withInPlace(eluAlpha),
		"elu_":        eluAlpha,
		"CELU":        withInPlace(celuAlpha),
		"celu":        withInPlace(celuAlpha),
		"celu_":       celuAlpha,
		"SELU":        inPlace(NewSELU),
		"selu":        inPlace(NewSELU),
		"selu_":       plain(NewSELU),
		"GLU":         alongFeatures("dim", newGLU),
		"glu":         alongFeatures("dim", newGLU),
		"GELU":        torchGELU,
		"gelu":        torchGELU,
		"Hardshrink":  hardshrink("lambd"),
		"hardshrink":  hardshrink("lambd"),
		"LeakyReLU":   withInPlace(leakyReLU("negative_slope", 0.01)),
		"leaky_relu":  withInPlace(leakyReLU("negative_slope", 0.01)),
		"leaky_relu_": leakyReLU("negative_slope", 0.01),
		"LogSigmoid":  plain(NewLogSigmoid),
		"logsigmoid":  plain(NewLogSigmoid),
		"Softplus":    torchSoftplus,
		"softplus":    torchSoftplus,
		"Softshrink":  softshrink("lambd"),
		"softshrink":  softshrink("lambd"),
		"PReLU":       torchPReLU,
		"prelu":       prelu("weight"),
		"Softsign":    plain(NewSoftsign),
		"softsign":    plain(NewSoftsign),
		"Tanhshrink":  plain(NewTanhshrink),
		"tanhshrink":  plain(NewTanhshrink),
		"Softmin":     alongFeatures("dim", newSoftmin0),
		"softmin":     alongFeatures("dim", newSoftmin0),
		"Softmax":     alongFeatures("dim", newSoftmax0),
		"softmax":     alongFeatures("dim", newSoftmax0),
		"LogSoftmax":  alongFeatures("dim", newLogSoftmax1),
		"log_softmax": alongFeatures("dim", newLogSoftmax1),
	},
	JAX: {
		"celu":           celuAlpha,
		"elu":            eluAlpha,
		"gelu":           geluApproximate(true),
		"glu":            alongFeatures("axis", newGLU),
		"hard_sigmoid":   plain(NewHardSigmoid),
		"hard_silu":      plain(NewHardSwish),
		"hard_swish":     plain(NewHardSwish),
		"hard_tanh":      func(*lookupArgs) Layer { return NewHardtanh(-1, 1) },
		"leaky_relu":     leakyReLU("negative_slope", 0.01),
		"log_sigmoid":    plain(NewLogSigmoid),
		"log_softmax":    alongFeatures("axis", newLogSoftmax1),
		"relu":           plain(NewReLU),
		"identity":       plain(NewIdentity),
		"relu6":          plain(NewReLU6),
		"selu":           plain(NewSELU),
		"sigmoid":        plain(NewSigmoid),
		"soft_sign":      plain(NewSoftsign),
		"softmax":        alongFeatures("axis", newSoftmax0),
		"softplus":       exactSoftplus,
		"sparse_plus":    plain(NewSparsePlus),
		"sparse_sigmoid": plain(NewSparseSigmoid),
		"silu":           plain(NewSwish),
		"swish":          plain(NewSwish),
		"squareplus":     squareplusB,
		"mish":           plain(NewMish),
		"tanh":           plain(NewTanh),
	},
	Keras: {
		"relu":           kerasReLU,
		"leaky_relu":     leakyReLU("negative_slope", 0.2),
		"relu6":          plain(NewReLU6),
		"softmax":        alongFeatures("axis", newSoftmax0),
		"celu":           celuAlpha,
		"elu":            eluAlpha,
		"selu":           plain(NewSELU),
		"softplus":       exactSoftplus,
		"softsign":       plain(NewSoftsign),
		"squareplus":     squareplusB,
		"soft_shrink":    softshrink("threshold"),
		"sparse_plus":    plain(NewSparsePlus),
		"silu":           plain(NewSwish),
		"swish":          plain(NewSwish),
		"gelu":           geluApproximate(false),
		"glu":            alongFeatures("axis", newGLU),
		"tanh":           plain(NewTanh),
		"tanh_shrink":    plain(NewTanhshrink),
		"threshold":      kerasThreshold,
		"sigmoid":        plain(NewSigmoid),
		"sparse_sigmoid": plain(NewSparseSigmoid),
		"exponential":    plain(NewExp),
		"hard_sigmoid":   plain(NewHardSigmoid),
		"hard_silu":      plain(NewHardSwish),
		"hard_swish":     plain(NewHardSwish),
		"hard_tanh":      func(*lookupArgs) Layer { return NewHardtanh(-1, 1) },
		"hard_shrink":    hardshrink("threshold"),
		"linear":         plain(NewIdentity),
		"mish":           plain(NewMish),
		"log_softmax":    alongFeatures("axis", newLogSoftmax1),
		"log_sigmoid":    plain(NewLogSigmoid),
		"sparsemax":      alongFeatures("axis", newSparsemax),
	},
	ONNX: {
		"Relu":      plain(NewReLU),
		"LeakyRelu": leakyReLU("alpha", 0.01),
		"PRelu":     prelu("slope"),
		"Elu":       eluAlpha,
		"Selu": func(a *lookupArgs) Layer {
			return NewScaledELU(a.number("alpha", 1.67326319217681884765625), a.number("gamma", 1.05070102214813232421875))
		},
		"Celu":            celuAlpha,
		"Sigmoid":         plain(NewSigmoid),
		"HardSigmoid":     func(a *lookupArgs) Layer { return NewHardSigmoidAffine(a.number("alpha", 0.2), a.number("beta", 0.5)) },
		"HardSwish":       plain(NewHardSwish),
		"Tanh":            plain(NewTanh),
		"Softplus":        exactSoftplus,
		"Softsign":        plain(NewSoftsign),
		"ThresholdedRelu": func(a *lookupArgs) Layer { return NewThreshold(a.number("alpha", 1), 0) },
		"Shrink":          func(a *lookupArgs) Layer { return NewShrink(a.number("lambd", 0.5), a.number("bias", 0)) },
		"Gelu":            torchGELU,
		"Mish":            plain(NewMish),
		"Swish":           onnxSwish,
		"SwiGLU":          onnxSwiGLU,
		"Softmax":         alongFeatures("axis", newSoftmax0),
		"LogSoftmax":      alongFeatures("axis", newLogSoftmax1),
		"Hardmax":         alongFeatures("axis", newHardmax),
		"Clip":            onnxClip,
	},
}

// notLayers are the names of the lists that are not activation layers,
// with why.
var notLayers = map[Namespace]map[string]string{
	PyTorch: {
		"MultiheadAttention": "an attention layer with learned projections",
		"Softmax2d":          "a softmax over the channels of images (3-D or 4-D input); on a matrix's rows it is Softmax",
		"gumbel_softmax":     "a random sample (softmax of logits plus Gumbel noise)",
	},
	JAX: {
		"logsumexp":                     "a reduction",
		"logmeanexp":                    "a reduction",
		"standardize":                   "a normalization",
		"one_hot":                       "an encoding of integers",
		"dot_product_attention":         "attention",
		"scaled_matmul":                 "a low-precision matrix product",
		"scaled_dot_general":            "a low-precision matrix product",
		"get_scaled_dot_general_config": "a configuration of a matrix product",
		"log1mexp":                      "a numerical helper, log(1 - e^-x)",
		"initializers":                  "a module of initializers",
	},
}
