package activation

import (
	"fmt"
	"sync/atomic"

	"gonum.org/v1/gonum/mat"
)

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

// checkOperand panics if an operand of a Loss is nil or empty.
func checkOperand(loss, what string, m *mat.Dense) {
	switch {
	case m == nil:
		panic("activation: " + loss + ".Loss: " + what + " is nil")
	case m.IsEmpty():
		panic("activation: " + loss + ".Loss: " + what + " is empty")
	}
}
