package activation

import (
	"fmt"
	"math"
	"sync/atomic"

	"gonum.org/v1/gonum/mat"
)

// Reduction is how a loss makes one number of the losses of a batch, as
// PyTorch's reduction argument.
type Reduction int

const (
	// ReduceMean divides the sum of the losses by the size of the batch,
	// or for a loss with class weights by the sum of the labels' weights,
	// as each loss's doc says: PyTorch's "mean", its default.
	ReduceMean Reduction = iota
	// ReduceSum adds the losses up: PyTorch's "sum".
	ReduceSum
)

// String returns the name of the constant, or Reduction(n) for another
// value.
func (r Reduction) String() string {
	switch r {
	case ReduceMean:
		return "ReduceMean"
	case ReduceSum:
		return "ReduceSum"
	}
	return fmt.Sprintf("Reduction(%d)", int(r))
}

// reductionProblem says what is wrong with a Reduction that the
// constructors refuse, or returns "".
func reductionProblem(r Reduction) string {
	if r != ReduceMean && r != ReduceSum {
		return fmt.Sprintf("Reduction is %v, must be ReduceMean or ReduceSum", r)
	}
	return ""
}

// weightsProblem says which weight of w, named what, is negative or not
// finite, or returns "".
func weightsProblem(what string, w []float64) string {
	for j, v := range w {
		if !(v >= 0 && v <= math.MaxFloat64) {
			return fmt.Sprintf("%s[%d] is %v, must be finite and not negative", what, j, v)
		}
	}
	return ""
}

// lossState is what every loss does around its arithmetic, as engine is
// for the layers: it refuses two calls that overlap, and holds each Loss
// for one Backward. Its zero value is a loss with no Loss yet.
type lossState struct {
	busy  atomic.Bool // a Loss or Backward is running
	state state       // pending from a whole Loss until its Backward
}

// enter marks the start of a Loss or Backward of the loss named loss, and
// panics if another is running: the two would write the same matrices.
func (s *lossState) enter(loss, method string) {
	if !s.busy.CompareAndSwap(false, true) {
		panic(fmt.Sprintf("activation: %s.%s: called while another Loss or Backward of this loss is running; a loss is not safe for concurrent use: give each goroutine its own Clone", loss, method))
	}
}

func (s *lossState) leave() { s.busy.Store(false) }

// spend checks that a Loss awaits its Backward and uses it up; call is how
// that Loss is called, for the message.
func (s *lossState) spend(loss, call string) {
	switch s.state {
	case spent:
		panic("activation: " + loss + ".Backward: second Backward of one Loss: each Loss feeds one Backward")
	case noState:
		panic("activation: " + loss + ".Backward: no Loss to go back through: call " + call + " first")
	}
	s.state = spent
}

// checkOperand panics if an operand of a loss's method, Loss or
// LossMasked, is nil or empty.
func checkOperand(loss, method, what string, m *mat.Dense) {
	switch {
	case m == nil:
		panic("activation: " + loss + "." + method + ": " + what + " is nil")
	case m.IsEmpty():
		panic("activation: " + loss + "." + method + ": " + what + " is empty")
	}
}

// termOf returns v, or 0 where c is 0 and v is infinite, so that a loss's
// term c·v with a weight or target c of 0 adds nothing, even at a
// log-probability of -Inf, where 0·Inf would be NaN. A NaN v stays NaN.
func termOf(c, v float64) float64 {
	return choose(c == 0 && math.Abs(v) > math.MaxFloat64, 0, v)
}

// resized returns s with length n, on its own memory where that holds n,
// as reshape does for matrices.
func resized[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}
