// Command compare times one training step (Forward with training set, then
// Backward) of every layer of the library that PyTorch also has, or that
// Hugging Face's and the models' PyTorch code writes out (ReLU², QuickGELU,
// Softcap, xIELU, Snake, gpt-oss's clamped SwiGLU, …), beside PyTorch's CPU
// layers and, for the six layers of the original Python library, NumPy, on
// the same shapes, threads and float type in one run. It prints each
// step's nanoseconds per element, the library's speed-up over each, and
// its distance from the memory floor: a copy of the same shape timed in
// the same run, scaled to the bytes the step must move (1.00 is the
// floor). With -float32 the library's side is its slice functions on
// []float32 (FuncOf, RowFuncOf, GatedFuncOf: Forward, then Backward) and
// the others' tensors are float32; layers without a slice function and
// the losses are left out. Run it from the repository's root as
//
//	bash bench/compare.sh [-threads N] [-float32]
//
// which installs Debian's python3-numpy and python3-torch if they are
// missing. Quote its ratios rather than its times: machines are noisy.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	act "github.com/mpneuralnetwork/activation"
	"gonum.org/v1/gonum/mat"
)

// layer is a layer to time: its constructor for c columns of output, the
// columns of input it takes for them, and the bytes a step must move per
// output element.
type layer struct {
	name   string
	make   func(c int) act.Layer
	inputs int // columns of input per column of output
	bytes  int
}

// The layers, with PyTorch's arguments (see anchors.py). An element-wise
// step reads x and writes y and what Backward needs (a float64, or a byte
// of code), then reads g and that and writes dx: 48 or 34 bytes an
// element. A gated unit's moves 96 an output element (a and b in; y, the
// activation, its derivative and b kept; g and those in, two gradients
// out).
var layers = []layer{
	{"ReLU", func(int) act.Layer { return act.NewReLU() }, 1, 34},
	{"LeakyReLU", func(int) act.Layer { return act.NewLeakyReLU(0.1) }, 1, 34},
	{"PReLU", func(int) act.Layer { return act.NewPReLU(0.01) }, 1, 48},
	{"PReLUPerFeature", func(c int) act.Layer { return act.NewPReLUPerFeature(c, 0.25) }, 1, 48},
	{"ELU", func(int) act.Layer { return act.NewELU(1) }, 1, 48},
	{"SELU", func(int) act.Layer { return act.NewSELU() }, 1, 48},
	{"CELU", func(int) act.Layer { return act.NewCELU(0.3) }, 1, 48},
	{"GELU", func(int) act.Layer { return act.NewGELU() }, 1, 48},
	{"GELUTanh", func(int) act.Layer { return act.NewGELUTanh() }, 1, 48},
	{"Softplus", func(int) act.Layer { return act.NewSoftplus(1, 20) }, 1, 48},
	{"Mish", func(int) act.Layer { return act.NewMish() }, 1, 48},
	{"HardSigmoid", func(int) act.Layer { return act.NewHardSigmoid() }, 1, 48},
	{"HardSwish", func(int) act.Layer { return act.NewHardSwish() }, 1, 48},
	{"Swish", func(int) act.Layer { return act.NewSwish() }, 1, 48},
	{"Tanh", func(int) act.Layer { return act.NewTanh() }, 1, 48},
	{"Sigmoid", func(int) act.Layer { return act.NewSigmoid() }, 1, 48},
	{"ReLU6", func(int) act.Layer { return act.NewReLU6() }, 1, 34},
	{"Hardtanh", func(int) act.Layer { return act.NewHardtanh(-1, 1) }, 1, 34},
	{"Threshold", func(int) act.Layer { return act.NewThreshold(0.5, -1) }, 1, 34},
	{"Softshrink", func(int) act.Layer { return act.NewSoftshrink(0.5) }, 1, 34},
	{"Hardshrink", func(int) act.Layer { return act.NewHardshrink(0.5) }, 1, 34},
	{"LogSigmoid", func(int) act.Layer { return act.NewLogSigmoid() }, 1, 48},
	{"Softsign", func(int) act.Layer { return act.NewSoftsign() }, 1, 48},
	{"Tanhshrink", func(int) act.Layer { return act.NewTanhshrink() }, 1, 48},
	{"Softmax", func(int) act.Layer { return act.NewSoftmax(1) }, 1, 48},
	{"LogSoftmax", func(int) act.Layer { return act.NewLogSoftmax(1) }, 1, 48},
	{"Softmin", func(int) act.Layer { return act.NewSoftmin(1) }, 1, 48},
	{"GLU", func(int) act.Layer { return act.NewGLU() }, 2, 96},
	{"SwiGLU", func(int) act.Layer { return act.NewSwiGLU() }, 2, 96},
	{"GEGLU", func(int) act.Layer { return act.NewGEGLU() }, 2, 96},
	{"ReGLU", func(int) act.Layer { return act.NewReGLU() }, 2, 96},
	// Today's models' activations, against their PyTorch code.
	{"ReLUSquared", func(int) act.Layer { return act.NewReLUSquared() }, 1, 48},
	{"QuickGELU", func(int) act.Layer { return act.NewQuickGELU() }, 1, 48},
	{"Softcap", func(int) act.Layer { return act.NewSoftcap(30) }, 1, 48},
	{"ClippedGELU", func(int) act.Layer { return act.NewClippedGELU(-10, 10) }, 1, 48},
	{"Laplace", func(int) act.Layer { return act.NewLaplace(0.707107, 0.282095) }, 1, 48},
	{"XIELU", func(int) act.Layer { return act.NewXIELU(0.8, 0.8, 0.5, -1e-6) }, 1, 48},
	{"Snake", func(c int) act.Layer { return act.NewSnake(c, 1) }, 1, 48},
	{"GEGLUTanh", func(int) act.Layer { return act.NewGEGLUTanh() }, 2, 96},
	{"ClampedSwiGLU", func(int) act.Layer { return act.NewClampedSwiGLU(1.702, 7, true) }, 2, 96},
}

// slice is a layer's step on float32 slices, and the bytes it moves an
// output element: x in, y out, then g and x (or y) in and dx out, 20; a
// gated unit's two inputs in, h out, then g and both in and two out, 32.
type slice struct {
	step  func(x, g, y, dx, x2, dx2 []float32)
	bytes int
}

// sliceOf returns the step of l's slice function on rows of c outputs, or
// false if l has none.
func sliceOf(l act.Layer, c int) (slice, bool) {
	if f, err := act.FuncOf[float32](l); err == nil {
		return slice{func(x, g, y, dx, _, _ []float32) { f.Forward(y, x); f.Backward(dx, g, x) }, 20}, true
	}
	if f, err := act.RowFuncOf[float32](l); err == nil {
		return slice{func(x, g, y, dx, _, _ []float32) { f.Forward(y, x, c); f.Backward(dx, g, y, c) }, 20}, true
	}
	if f, err := act.GatedFuncOf[float32](l); err == nil {
		return slice{func(x, g, y, dx, x2, dx2 []float32) { f.Forward(y, x, x2); f.Backward(dx, dx2, g, x, x2) }, 32}, true
	}
	return slice{}, false
}

var shapes = [][2]int{{64, 256}, {256, 1024}, {2048, 2048}}

func main() {
	threads := flag.Int("threads", 1, "GOMAXPROCS, and PyTorch's threads")
	python := flag.String("python", "/usr/bin/python3", "the Python with numpy and torch")
	f32 := flag.Bool("float32", false, "time the slice functions on []float32, and float32 tensors")
	flag.Parse()
	runtime.GOMAXPROCS(*threads)
	times := map[[3]string]float64{} // layer, shape, who
	bytes := map[string]int{"CrossEntropy": 64, "CrossEntropyLabels": 56, "BinaryCrossEntropy": 24}
	for _, l := range layers {
		bytes[l.name] = l.bytes
	}
	for _, s := range shapes {
		r, c := s[0], s[1]
		shape := fmt.Sprintf("%dx%d", r, c)
		rng := rand.New(rand.NewPCG(1, 2))
		fill := func(r, c int, scale float64) *mat.Dense {
			m := mat.NewDense(r, c, nil)
			for i := range m.RawMatrix().Data {
				m.RawMatrix().Data[i] = scale * rng.NormFloat64()
			}
			return m
		}
		x, g := fill(r, c, 3), fill(r, c, 1)
		if *f32 {
			narrow := func(m *mat.Dense) []float32 {
				s := make([]float32, len(m.RawMatrix().Data))
				for i, v := range m.RawMatrix().Data {
					s[i] = float32(v)
				}
				return s
			}
			x32, x2, g32 := narrow(x), narrow(fill(r, c, 3)), narrow(g)
			y, dx, dx2 := make([]float32, r*c), make([]float32, r*c), make([]float32, r*c)
			times[[3]string{"Copy", shape, "go"}] = median(r*c, func() { copy(y, x32) })
			for _, l := range layers {
				if s, ok := sliceOf(l.make(c), c); ok {
					bytes[l.name] = s.bytes
					times[[3]string{l.name, shape, "go"}] = median(r*c, func() { s.step(x32, g32, y, dx, x2, dx2) })
				}
			}
			continue
		}
		dst := make([]float64, r*c)
		times[[3]string{"Copy", shape, "go"}] = median(r*c, func() { copy(dst, x.RawMatrix().Data) })
		for _, l := range layers {
			in := x
			if l.inputs > 1 {
				in = fill(r, l.inputs*c, 3)
			}
			layer := l.make(c)
			times[[3]string{l.name, shape, "go"}] = median(r*c, func() { layer.Forward(in, true); layer.Backward(g) })
		}
		target := fill(r, c, 1)
		for i := range r {
			row := target.RawRowView(i)
			var sum float64
			for j := range row {
				row[j] = max(row[j], -row[j])
				sum += row[j]
			}
			for j := range row {
				row[j] /= sum
			}
		}
		ce := act.NewCrossEntropy()
		times[[3]string{"CrossEntropy", shape, "go"}] = median(r*c, func() { ce.Loss(x, target); ce.Backward() })
		// Labels and 0/1 targets from the same generator as anchors.py's
		// shapes; the values do not matter to the time.
		labels := make([]int, r)
		for i := range labels {
			labels[i] = rng.IntN(c)
		}
		cel := act.NewCrossEntropyLabels(nil)
		times[[3]string{"CrossEntropyLabels", shape, "go"}] = median(r*c, func() { cel.Loss(x, labels); cel.Backward() })
		bits := mat.NewDense(r, c, nil)
		for i := range bits.RawMatrix().Data {
			bits.RawMatrix().Data[i] = float64(rng.IntN(2))
		}
		bce := act.NewBinaryCrossEntropy(nil)
		times[[3]string{"BinaryCrossEntropy", shape, "go"}] = median(r*c, func() { bce.Loss(x, bits, nil); bce.Backward() })
	}
	dtype := "float64"
	if *f32 {
		dtype = "float32"
	}
	anchors(times, *python, *threads, dtype)
	report(times, bytes, *threads, dtype)
}

// median returns the median of five timings of f, in ns per element of a
// step of n elements.
func median(n int, f func()) float64 {
	f()
	reps := max(3, int(2e7)/n)
	var ts []float64
	for range 5 {
		t0 := time.Now()
		for range reps {
			f()
		}
		ts = append(ts, float64(time.Since(t0).Nanoseconds())/float64(reps))
	}
	slices.Sort(ts)
	return ts[2] / float64(n)
}

// anchors runs anchors.py, beside this file, and adds its timings.
func anchors(times map[[3]string]float64, python string, threads int, dtype string) {
	_, self, _, _ := runtime.Caller(0)
	args := []string{filepath.Join(filepath.Dir(self), "anchors.py"), strconv.Itoa(threads), dtype}
	for _, s := range shapes {
		args = append(args, fmt.Sprintf("%dx%d", s[0], s[1]))
	}
	cmd := exec.Command(python, args...)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		log.Fatalf("compare: %s anchors.py: %v (bench/compare.sh installs numpy and torch)", python, err)
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 4 {
			continue
		}
		ns, err := strconv.ParseFloat(f[3], 64)
		if err != nil {
			log.Fatalf("compare: anchors.py printed %q", sc.Text())
		}
		times[[3]string{f[0], f[1], f[2]}] = ns
	}
}

// report prints the table of the layers timed, with the bytes each step
// moves an element.
func report(times map[[3]string]float64, bytes map[string]int, threads int, dtype string) {
	fmt.Printf("GOMAXPROCS and torch threads %d, %s, %s; ns per element of a training step\n", threads, dtype, runtime.GOARCH)
	fmt.Printf("%-18s %-10s %9s %9s %9s %8s %8s %8s\n", "layer", "shape", "go", "numpy", "torch", "x numpy", "x torch", "x floor")
	copyBytes := 16.0
	if dtype == "float32" {
		copyBytes = 8
	}
	var names []string
	for _, l := range layers {
		names = append(names, l.name)
	}
	names = append(names, "CrossEntropy", "CrossEntropyLabels", "BinaryCrossEntropy")
	worst := 1e9
	for _, name := range names {
		for _, s := range shapes {
			shape := fmt.Sprintf("%dx%d", s[0], s[1])
			g, ok := times[[3]string{name, shape, "go"}]
			if !ok {
				continue
			}
			floor := times[[3]string{"Copy", shape, "go"}] * float64(bytes[name]) / copyBytes
			cell := func(who string) (string, string) {
				t, ok := times[[3]string{name, shape, who}]
				if !ok {
					return "-", "-"
				}
				worst = min(worst, t/g)
				return fmt.Sprintf("%.3f", t), fmt.Sprintf("%.2f", t/g)
			}
			n, xn := cell("numpy")
			t, xt := cell("torch")
			fmt.Printf("%-18s %-10s %9.3f %9s %9s %8s %8s %8.2f\n", name, shape, g, n, t, xn, xt, g/floor)
		}
	}
	for _, s := range shapes {
		shape := fmt.Sprintf("%dx%d", s[0], s[1])
		fmt.Printf("copy %-10s %.3f ns/elem (%.0f bytes an element)\n", shape, times[[3]string{"Copy", shape, "go"}], copyBytes)
	}
	fmt.Printf("slowest speed-up over an anchor: %.2fx\n", worst)
}
