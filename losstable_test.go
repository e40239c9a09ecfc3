package activation

import (
	"bufio"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

// tableCase is a case of testdata/losses.txt, which testdata/losses.py
// writes: a batch, a loss's options, and the loss and gradient from the
// definitions in 50-digit arithmetic.
type tableCase struct {
	kind, name string
	fields     map[string][]string
}

func (tc tableCase) floats(t *testing.T, key string) []float64 {
	var xs []float64
	for _, f := range tc.fields[key] {
		v, err := strconv.ParseFloat(f, 64)
		require.NoError(t, err, "%s: %s", tc.name, key)
		xs = append(xs, v)
	}
	return xs
}

func (tc tableCase) ints(t *testing.T, key string) []int {
	var ns []int
	for _, f := range tc.fields[key] {
		n, err := strconv.Atoi(f)
		require.NoError(t, err, "%s: %s", tc.name, key)
		ns = append(ns, n)
	}
	return ns
}

// matrix returns the values of key as an r x c matrix, or nil if it has
// none.
func (tc tableCase) matrix(t *testing.T, key string, r, c int) *mat.Dense {
	xs := tc.floats(t, key)
	if xs == nil {
		return nil
	}
	require.Len(t, xs, r*c, "%s: %s", tc.name, key)
	return mat.NewDense(r, c, xs)
}

func readLossTable(t *testing.T) []tableCase {
	f, err := os.Open("testdata/losses.txt")
	require.NoError(t, err)
	defer f.Close()
	var cases []tableCase
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, rest, _ := strings.Cut(line, " ")
		if key == "case" {
			kind, name, _ := strings.Cut(rest, " ")
			cases = append(cases, tableCase{kind, name, map[string][]string{}})
			continue
		}
		require.NotEmpty(t, cases, "%q before the first case", line)
		cases[len(cases)-1].fields[key] = strings.Fields(rest)
	}
	require.NoError(t, sc.Err())
	return cases
}

// TestLossTable checks CrossEntropyLabels and BinaryCrossEntropy against
// the cases of testdata/losses.txt: the loss within 4 ulp, and each entry
// of the gradient within 4 ulp of the magnitude of the terms it is the
// difference of (of itself where one term is 0), exactly where that is 0.
func TestLossTable(t *testing.T) {
	cases := readLossTable(t)
	require.NotEmpty(t, cases)
	for _, tc := range cases {
		t.Run(tc.kind+" "+tc.name, func(t *testing.T) {
			shape := tc.ints(t, "shape")
			r, c := shape[0], shape[1]
			logits := tc.matrix(t, "logits", r, c)
			reduction := ReduceMean
			if tc.fields["reduction"][0] == "sum" {
				reduction = ReduceSum
			}
			var loss float64
			var grad *mat.Dense
			switch tc.kind {
			case "ce":
				opts := &CrossEntropyLabelsOptions{Weights: tc.floats(t, "weights"), Smoothing: tc.floats(t, "smoothing")[0], Reduction: reduction}
				if ignore := tc.fields["ignore"][0]; ignore != "none" {
					opts.Ignore = true
					opts.IgnoreLabel, _ = strconv.Atoi(ignore)
				}
				l := NewCrossEntropyLabels(opts)
				loss = l.Loss(logits, tc.ints(t, "labels"))
				grad = l.Backward()
			case "bce":
				l := NewBinaryCrossEntropy(&BinaryCrossEntropyOptions{PosWeights: tc.floats(t, "posweights"), Reduction: reduction})
				loss = l.Loss(logits, tc.matrix(t, "target", r, c), tc.matrix(t, "weights", r, c))
				grad = l.Backward()
			default:
				t.Fatalf("unknown kind %q", tc.kind)
			}
			want := tc.floats(t, "loss")[0]
			assert.LessOrEqual(t, ulps(loss, want), 4.0, "loss %v, want %v", loss, want)
			wantGrad, scale := tc.floats(t, "grad"), tc.floats(t, "scale")
			for k, got := range grad.RawMatrix().Data {
				if w, s := wantGrad[k], scale[k]; w != w || s == 0 {
					assert.Zero(t, ulps(got, w), "grad[%d][%d] = %v, want %v", k/c, k%c, got, w)
				} else {
					assert.LessOrEqual(t, math.Abs(got-w), 4*(math.Nextafter(s, inf)-s), "grad[%d][%d] = %v, want %v (terms %v)", k/c, k%c, got, w, s)
				}
			}
		})
	}
}
