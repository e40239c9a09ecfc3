package main

// This file is the whole training loop, top to bottom: a dense layer written
// against activation.Layer, a multilayer perceptron built from dense layers
// and the library's activations, the library's softmax cross-entropy, and
// SGD with momentum or Adam.

import (
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/mpneuralnetwork/activation"
	"gonum.org/v1/gonum/mat"
)

// dense is a fully connected layer y = x·W + b. It implements
// activation.Layer, so it sits in the same list as the library's layers.
type dense struct {
	w, b  activation.Param // W is in x out, b is 1 x out
	x     *mat.Dense       // a copy of the last training input
	y, dx *mat.Dense
}

// newDense draws W uniformly in ±sqrt(6/(in+out)) (Glorot) and sets b to 0.
func newDense(in, out int, rng *rand.Rand) *dense {
	limit := math.Sqrt(6 / float64(in+out))
	w := mat.NewDense(in, out, nil)
	for i := range in {
		for j := range out {
			w.Set(i, j, limit*(2*rng.Float64()-1))
		}
	}
	return &dense{
		w: activation.Param{Value: w, Grad: mat.NewDense(in, out, nil)},
		b: activation.Param{Value: mat.NewDense(1, out, nil), Grad: mat.NewDense(1, out, nil)},
	}
}

// Forward returns x·W + b. With training set it keeps a copy of x, which
// Backward needs for dLoss/dW.
func (d *dense) Forward(x *mat.Dense, training bool) *mat.Dense {
	n, _ := x.Dims()
	_, out := d.w.Value.Dims()
	d.y = reuse(d.y, n, out)
	d.y.Mul(x, d.w.Value)
	bias := d.b.Value.RawRowView(0)
	for i := range n {
		row := d.y.RawRowView(i)
		for j := range row {
			row[j] += bias[j]
		}
	}
	if training {
		r, c := x.Dims()
		d.x = reuse(d.x, r, c)
		d.x.Copy(x) // the caller may overwrite x before Backward
	}
	return d.y
}

// Backward sets the gradients of W and b from g = dLoss/dy and returns
// dLoss/dx.
func (d *dense) Backward(g *mat.Dense) *mat.Dense {
	n, out := g.Dims()
	d.w.Grad.Mul(d.x.T(), g) // dL/dW = xᵀ·g
	for j := range out {     // dL/db = the column sums of g
		var s float64
		for i := range n {
			s += g.At(i, j)
		}
		d.b.Grad.Set(0, j, s)
	}
	in, _ := d.w.Value.Dims()
	d.dx = reuse(d.dx, n, in)
	d.dx.Mul(g, d.w.Value.T()) // dL/dx = g·Wᵀ
	return d.dx
}

// Params returns W as "weight" and b as "bias".
func (d *dense) Params() map[string]activation.Param {
	return map[string]activation.Param{"weight": d.w, "bias": d.b}
}

// reuse returns m if it is r x c, else a new r x c matrix, so that a steady
// loop over same-sized batches does not allocate.
func reuse(m *mat.Dense, r, c int) *mat.Dense {
	if m != nil {
		if mr, mc := m.Dims(); mr == r && mc == c {
			return m
		}
	}
	return mat.NewDense(r, c, nil)
}

// activations lists the layers the demo can put between dense layers, by
// the name the -activation flag takes.
var activations = map[string]func() activation.Layer{
	"relu":          func() activation.Layer { return activation.NewReLU() },
	"leakyrelu":     func() activation.Layer { return activation.NewLeakyReLU(0.01) },
	"prelu":         func() activation.Layer { return activation.NewPReLU(0.25) },
	"elu":           func() activation.Layer { return activation.NewELU(1) },
	"selu":          func() activation.Layer { return activation.NewSELU() },
	"gelu":          func() activation.Layer { return activation.NewGELU() },
	"gelutanh":      func() activation.Layer { return activation.NewGELUTanh() },
	"softplus":      func() activation.Layer { return activation.NewSoftplus(1, 20) },
	"mish":          func() activation.Layer { return activation.NewMish() },
	"swish":         func() activation.Layer { return activation.NewSwish() },
	"hardswish":     func() activation.Layer { return activation.NewHardSwish() },
	"hardsigmoid":   func() activation.Layer { return activation.NewHardSigmoid() },
	"tanh":          func() activation.Layer { return activation.NewTanh() },
	"sigmoid":       func() activation.Layer { return activation.NewSigmoid() },
	"relu6":         func() activation.Layer { return activation.NewReLU6() },
	"hardtanh":      func() activation.Layer { return activation.NewHardtanh(-1, 1) },
	"threshold":     func() activation.Layer { return activation.NewThreshold(1, 0) },
	"celu":          func() activation.Layer { return activation.NewCELU(1) },
	"logsigmoid":    func() activation.Layer { return activation.NewLogSigmoid() },
	"softsign":      func() activation.Layer { return activation.NewSoftsign() },
	"softshrink":    func() activation.Layer { return activation.NewSoftshrink(0.5) },
	"hardshrink":    func() activation.Layer { return activation.NewHardshrink(0.5) },
	"tanhshrink":    func() activation.Layer { return activation.NewTanhshrink() },
	"squareplus":    func() activation.Layer { return activation.NewSquareplus(4) },
	"sparseplus":    func() activation.Layer { return activation.NewSparsePlus() },
	"sparsesigmoid": func() activation.Layer { return activation.NewSparseSigmoid() },
	"identity":      func() activation.Layer { return activation.NewIdentity() },
	"rrelu":         func() activation.Layer { return activation.NewRReLU(1.0/8, 1.0/3, 1) },
	"swishbeta":     func() activation.Layer { return activation.NewSwishBeta(1) },
}

// activationNames returns the keys of activations in order.
func activationNames() []string {
	return slices.Sorted(maps.Keys(activations))
}

// network is a multilayer perceptron: dense, activation, dense, activation,
// ..., dense, giving a logit for each class. Training takes the softmax
// cross-entropy of the logits, prediction their log-softmax, the
// log-probabilities.
type network struct {
	layers     []activation.Layer
	loss       *activation.CrossEntropy
	target     *mat.Dense // the one-hot labels of the last step
	logSoftmax *activation.LogSoftmax
}

func newNetwork(inputs int, hidden []int, classes int, newActivation func() activation.Layer, rng *rand.Rand) *network {
	net := &network{loss: activation.NewCrossEntropy(), logSoftmax: activation.NewLogSoftmax(1)}
	for _, width := range hidden {
		net.layers = append(net.layers, newDense(inputs, width, rng), newActivation())
		inputs = width
	}
	net.layers = append(net.layers, newDense(inputs, classes, rng))
	return net
}

// logits runs the layers before the log-softmax.
func (net *network) logits(x *mat.Dense, training bool) *mat.Dense {
	for _, l := range net.layers {
		x = l.Forward(x, training)
	}
	return x
}

// predict returns the log-probabilities of the classes for every row of x.
func (net *network) predict(x *mat.Dense) *mat.Dense {
	return net.logSoftmax.Forward(net.logits(x, false), false)
}

// step runs one training step on a batch and returns its mean cross-entropy
// and the number of rows classified right. It leaves the gradients of the
// batch mean loss in every parameter's Grad.
func (net *network) step(x *mat.Dense, label []int) (loss float64, correct int) {
	logits := net.logits(x, true)
	n, classes := logits.Dims()
	net.target = reuse(net.target, n, classes)
	net.target.Zero()
	for i, k := range label {
		net.target.Set(i, k, 1)
		if argmax(logits.RawRowView(i)) == k {
			correct++
		}
	}
	// CrossEntropy takes log-probabilities from LogSoftmax, never the log
	// of a probability that has rounded to 0, which would give +Inf.
	loss = net.loss.Loss(logits, net.target)
	g := net.loss.Backward()
	for i := len(net.layers) - 1; i >= 0; i-- {
		g = net.layers[i].Backward(g)
	}
	return loss, correct
}

// params returns every trainable parameter in a fixed order, so that runs
// with the same seed are identical.
func (net *network) params() []activation.Param {
	var ps []activation.Param
	for _, l := range net.layers {
		named := l.Params()
		for _, name := range slices.Sorted(maps.Keys(named)) {
			ps = append(ps, named[name])
		}
	}
	return ps
}

func argmax(row []float64) int {
	best := 0
	for j, v := range row {
		if v > row[best] {
			best = j
		}
	}
	return best
}

// optimizer updates parameters in place from their gradients.
type optimizer interface {
	update(ps []activation.Param)
}

// momentum is SGD with momentum: v = μv - lr·g, value += v.
type momentum struct {
	lr, mu   float64
	velocity [][]float64
}

func (o *momentum) update(ps []activation.Param) {
	if o.velocity == nil {
		for _, p := range ps {
			o.velocity = append(o.velocity, make([]float64, len(p.Value.RawMatrix().Data)))
		}
	}
	for k, p := range ps {
		value, grad := p.Value.RawMatrix().Data, p.Grad.RawMatrix().Data
		for i, g := range grad {
			o.velocity[k][i] = o.mu*o.velocity[k][i] - o.lr*g
			value[i] += o.velocity[k][i]
		}
	}
}

// adam is Adam (Kingma and Ba, 2015) with the paper's β1, β2 and ε.
type adam struct {
	lr   float64
	t    int
	m, v [][]float64
}

func (o *adam) update(ps []activation.Param) {
	const beta1, beta2, eps = 0.9, 0.999, 1e-8
	if o.m == nil {
		for _, p := range ps {
			size := len(p.Value.RawMatrix().Data)
			o.m = append(o.m, make([]float64, size))
			o.v = append(o.v, make([]float64, size))
		}
	}
	o.t++
	// The bias corrections of the first and second moments.
	c1 := 1 - math.Pow(beta1, float64(o.t))
	c2 := 1 - math.Pow(beta2, float64(o.t))
	for k, p := range ps {
		value, grad := p.Value.RawMatrix().Data, p.Grad.RawMatrix().Data
		m, v := o.m[k], o.v[k]
		for i, g := range grad {
			m[i] = beta1*m[i] + (1-beta1)*g
			v[i] = beta2*v[i] + (1-beta2)*g*g
			value[i] -= o.lr * (m[i] / c1) / (math.Sqrt(v[i]/c2) + eps)
		}
	}
}

// newOptimizer returns the optimizer the -optimizer flag names.
func newOptimizer(name string, lr float64) (optimizer, error) {
	switch name {
	case "adam":
		return &adam{lr: lr}, nil
	case "momentum":
		return &momentum{lr: lr, mu: 0.9}, nil
	}
	return nil, fmt.Errorf("unknown optimizer %q (want adam or momentum)", name)
}

// epochStats is what one epoch measured.
type epochStats struct {
	trainLoss, trainAccuracy float64
	testLoss, testAccuracy   float64
}

// trainer runs epochs of mini-batch training on a shuffled training set.
type trainer struct {
	net     *network
	opt     optimizer
	params  []activation.Param
	batch   int
	rng     *rand.Rand
	train   *dataset
	test    *dataset
	order   []int
	x       *mat.Dense
	label   []int
	testX   *mat.Dense
	history []epochStats
}

func newTrainer(net *network, opt optimizer, batch int, train, test *dataset, rng *rand.Rand) *trainer {
	t := &trainer{net: net, opt: opt, params: net.params(), batch: batch, rng: rng, train: train, test: test}
	t.order = make([]int, len(train.x))
	for i := range t.order {
		t.order[i] = i
	}
	t.testX = matrix(test.x)
	return t
}

// epoch trains on every training sample once, in a new random order, and
// then measures the test set.
func (t *trainer) epoch() epochStats {
	t.rng.Shuffle(len(t.order), func(a, b int) { t.order[a], t.order[b] = t.order[b], t.order[a] })
	var s epochStats
	var correct int
	n := len(t.order)
	for start := 0; start < n; start += t.batch {
		idx := t.order[start:min(start+t.batch, n)]
		t.x = reuse(t.x, len(idx), len(t.train.features))
		t.label = t.label[:0]
		for i, k := range idx {
			t.x.SetRow(i, t.train.x[k])
			t.label = append(t.label, t.train.label[k])
		}
		loss, c := t.net.step(t.x, t.label)
		t.opt.update(t.params)
		s.trainLoss += loss * float64(len(idx)) / float64(n)
		correct += c
	}
	s.trainAccuracy = float64(correct) / float64(n)
	s.testLoss, s.testAccuracy = evaluate(t.net, t.testX, t.test.label)
	t.history = append(t.history, s)
	return s
}

// evaluate returns the mean cross-entropy and the accuracy of net on x.
func evaluate(net *network, x *mat.Dense, label []int) (loss, accuracy float64) {
	logp := net.predict(x)
	n := len(label)
	correct := 0
	for i := range n {
		row := logp.RawRowView(i)
		loss -= row[label[i]] / float64(n)
		if argmax(row) == label[i] {
			correct++
		}
	}
	return loss, float64(correct) / float64(n)
}

// matrix copies rows into a new matrix.
func matrix(rows [][]float64) *mat.Dense {
	m := mat.NewDense(len(rows), len(rows[0]), nil)
	for i, row := range rows {
		m.SetRow(i, row)
	}
	return m
}
