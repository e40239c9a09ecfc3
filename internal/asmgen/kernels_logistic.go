package main

// The kernels of the layers built on the logistic function.

var sigmoidVector = &Kernel{
	Name: "sigmoidVector", File: "sigmoid", Sig: "(y, dy, x []float64) int",
	Doc: `Sets y = σ(x) and, unless dy is empty, dy = σ(x)(1-σ(x)), as
sigmoidLoop does; returns how many it did. It stops before the first
group with an |x| > logisticRange, or NaN.`,
	Optional: []string{"dy"}, Wide: true,
	Body: func(b *B) {
		x := b.Load("x")
		s, c := logistic(b, x, inRange(b, x, "logisticRange"))
		b.Store("y", s)
		b.Store("dy", b.Mul(s, c))
	},
}

var kernels = []*Kernel{sigmoidVector}
