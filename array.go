package activation

import (
	"fmt"
	"math"
	"runtime"
	"sync"
	"sync/atomic"
	"unsafe"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// kernel is the raw-slice computation behind a layer. The slices hold whole
// rows of contiguous data; an element-wise kernel may be handed several rows
// as one slice, a row-wise kernel exactly one row.
type kernel interface {
	// forwardRows writes the output of x into y and, when saved is not nil,
	// what backwardRows will need into saved; x begins at the given row of
	// the batch. With stream set, as for backwardRows, they may be written
	// around the caches.
	forwardRows(y, saved, x []float64, row int, stream bool)
	// backwardRows writes dLoss/dInput into dx from the output gradient g and
	// what forward saved. The rows belong to the given block of the
	// partition (see blocks); a kernel that reduces over the batch keeps a
	// partial result per block, so that the blocks may run in parallel and
	// still add up in one order. With stream set the batch is too large
	// for the caches, and dx may be written around them.
	backwardRows(dx, g, saved []float64, block int, stream bool)
}

// engine carries what every layer does around its kernel: argument checks,
// the result matrices it owns, the private state kept from a training
// Forward for Backward, and the split of large batches across goroutines.
type engine struct {
	name    string
	kernel  kernel
	rowwise bool // the kernel needs one row per call
	cheap   bool // the kernel moves more than it computes: see parallelElems

	// coded, where set, takes the place of kernel for a layer that saves
	// codes, not float64s.
	coded codedKernel

	busy      atomic.Bool // a Forward or Backward is running: see enter
	out, grad result
	saved     *mat.Dense // what Backward needs; nil until a training Forward
	codes     []byte     // what Backward needs from coded, one byte an element
	state     state      // what saved or codes hold
	rows      int        // the shape of the last training Forward's input
	cols      int
	outCols   int // and the columns of its output
	job       job // the call being split across goroutines
}

// state is what a layer holds for Backward.
type state uint8

const (
	noState state = iota // no training Forward yet
	pending              // the state of the last training Forward, for its Backward
	spent                // the last training Forward has had its Backward
)

// A kernel may have settings of its own, such as a temperature or learned
// slopes, that its layer reads at each Forward.
type preparer interface {
	// prepare checks the settings for a Forward of an r x c batch, panics
	// with the layer's message if they are out of range, and takes them
	// for the kernel; with training set it also keeps them for the
	// Backward of this Forward, which a later inference Forward must not
	// change.
	prepare(r, c int, training bool)
}

// A kernel's output may have other columns than its input, and what it
// saves others again: a gated unit takes 2n columns to n and saves 3n.
type shaper interface {
	outCols(c int) int
	savedCols(c int) int
}

// A kernel may also reduce over the batch for the gradient of its
// parameters: Backward calls beginGrad before the blocks and endGrad
// after them.
type gradSummer interface {
	beginGrad(r, c int)
	endGrad()
}

// codedKernel is the kernel of an element-wise layer whose derivative takes
// one of three values only, as ReLU's 0, 1 and NaN: a training Forward
// saves which, one byte an element, and Backward multiplies by it. A step
// then moves 34 bytes an element, not 48.
type codedKernel interface {
	// forwardCodes writes the output of x into y and, when codes is not
	// nil, the code of the derivative at each x into codes.
	forwardCodes(y []float64, codes []byte, x []float64, stream bool)
	// derivs returns the derivative for each code.
	derivs() *[3]float64
}

// enter marks the start of a Forward or Backward and panics if another is
// running on the same layer: the two would write the same matrices. It
// catches misuse, it does not make sharing safe: a caller still reading a
// result that another goroutine's call overwrites goes unseen.
func (e *engine) enter(method string) {
	if !e.busy.CompareAndSwap(false, true) {
		panic(e.errorf(method, "called while another Forward or Backward of this layer is running; a layer is not safe for concurrent use: give each goroutine its own Clone"))
	}
}

func (e *engine) leave() { e.busy.Store(false) }

// forward runs a Forward. An inference Forward touches only the result it
// returns: the state that a training Forward kept for its Backward stays,
// so a network may be evaluated between the two.
func (e *engine) forward(x *mat.Dense, training bool) *mat.Dense {
	e.enter("Forward")
	defer e.leave()
	r, c := e.dims("Forward", "input", x)
	if p, ok := e.kernel.(preparer); ok {
		p.prepare(r, c, training)
	}
	oc, sc := c, c
	if s, ok := e.kernel.(shaper); ok {
		oc, sc = s.outCols(c), s.savedCols(c)
	}
	y := e.out.next(r, oc, x)
	if !training {
		e.apply(y, nil, x, nil, true)
		return y
	}
	e.state = noState // until the new state is whole
	var saved *mat.Dense
	var codes []byte
	if e.coded != nil {
		if cap(e.codes) < r*c {
			e.codes = make([]byte, r*c)
		}
		e.codes = e.codes[:r*c]
		codes = e.codes
	} else {
		e.saved = reshape(e.saved, r, sc)
		saved = e.saved
	}
	e.apply(y, saved, x, codes, true)
	e.rows, e.cols, e.outCols = r, c, oc
	e.state = pending
	return y
}

// backward runs a Backward, which uses up the state of the training Forward
// before it: a layer at two places in a network would otherwise give the
// second place's Backward the first place's state.
func (e *engine) backward(g *mat.Dense) *mat.Dense {
	e.enter("Backward")
	defer e.leave()
	r, c := e.dims("Backward", "gradient", g)
	switch e.state {
	case noState:
		panic(e.errorf("Backward", "no training Forward to go back through: call Forward(x, true) first"))
	case spent:
		panic(e.errorf("Backward", "second Backward of one training Forward: each Forward(x, true) feeds one Backward; a layer used at two places in a network needs two instances (see Clone)"))
	}
	switch {
	case e.outCols != e.cols && (e.rows != r || e.outCols != c):
		panic(e.errorf("Backward", "gradient is %dx%d, output was %dx%d", r, c, e.rows, e.outCols))
	case e.rows != r || e.outCols != c:
		panic(e.errorf("Backward", "gradient is %dx%d, input was %dx%d", r, c, e.rows, e.cols))
	}
	dx := e.grad.next(r, e.cols, g)
	s, _ := e.kernel.(gradSummer)
	if s != nil {
		s.beginGrad(r, c)
	}
	if e.coded != nil {
		e.apply(dx, nil, g, e.codes, false)
	} else {
		e.apply(dx, g, e.saved, nil, false)
	}
	if s != nil {
		s.endGrad()
	}
	e.state = spent
	return dx
}

// cloneEngine returns an engine with e's kernel and none of its state, for
// the Clone of a layer whose kernel holds nothing of its own.
func (e *engine) cloneEngine() engine {
	return engine{name: e.name, kernel: e.kernel, rowwise: e.rowwise, cheap: e.cheap, coded: e.coded}
}

// Large batches are cut into blocks of whole rows, about blockElems
// elements each, whatever the number of goroutines: the blocks, and so every
// result, are the same on one core or many. Batches of at least
// parallelElems elements are shared among up to GOMAXPROCS goroutines. Below
// that, waking a helper costs more than it saves: measured on 2 cores, a
// Sigmoid step lost at 64K and gained from 128K on. Cheap kernels, which
// move more than they compute, wait until parallelCheapElems: a ReLU step
// on 256K elements took 0.43 to 0.49 ns/elem split against 0.38 whole, and
// broke even at 512K; PReLU lost 10% at 256K and gained 10% to 25% at 512K.
const (
	blockElems         = 1 << 14
	parallelElems      = 1 << 18
	parallelCheapElems = 1 << 19
)

// Batches of streamElems elements or more are written around the caches
// where a kernel can (non-temporal stores), since a step's matrices then
// fill the 32 MiB L3 several times over: writing through the caches would
// first read every line it writes.
const streamElems = 1 << 20

// blocks returns how many blocks an r x c batch has and the rows in each.
func blocks(r, c int) (n, rowsPer int) {
	rowsPer = max(1, blockElems/c)
	return (r + rowsPer - 1) / rowsPer, rowsPer
}

// job is one apply shared among goroutines: the operands, and which of the
// kernel's methods to run.
type job struct {
	e           *engine
	dst, a, b   *mat.Dense
	codes       []byte // a coded kernel's, for the whole batch
	forward     bool
	stream      bool // the batch is too large for the caches
	rowsPer     int
	next, total int // blocks are handed out in order, under mu
	mu          sync.Mutex
	wg          sync.WaitGroup
}

// apply runs the kernel's forwardRows (forward set) or backwardRows on the
// rows of dst, a and b, which have one shape but for a shaper's; dst is
// contiguous, a and b may be views, a may be nil. A coded kernel gets b and codes instead:
// forwardCodes(dst, codes, b), or dst = b·derivs[codes] backward.
func (e *engine) apply(dst, a, b *mat.Dense, codes []byte, forward bool) {
	r, c := dst.Dims()
	n, rowsPer := blocks(r, c)
	j := &e.job
	j.e, j.dst, j.a, j.b, j.codes, j.forward, j.rowsPer = e, dst, a, b, codes, forward, rowsPer
	j.stream = r*c >= streamElems
	j.next, j.total = 0, n
	helpers := 0
	if r*c >= parallelElems && (!e.cheap || r*c >= parallelCheapElems) {
		helpers = min(runtime.GOMAXPROCS(0), n) - 1
	}
	if helpers > 0 {
		j.wg.Add(helpers)
		startWorkers(helpers)
		for range helpers {
			select {
			case work <- j:
			default: // every helper is busy with another layer's job
				j.wg.Done()
			}
		}
	}
	j.run()
	j.wg.Wait()
	j.dst, j.a, j.b, j.codes = nil, nil, nil, nil // keep no reference to the caller's matrices
}

// run applies the kernel to blocks until none is left.
func (j *job) run() {
	for {
		j.mu.Lock()
		block := j.next
		j.next++
		j.mu.Unlock()
		if block >= j.total {
			return
		}
		j.block(block)
	}
}

// block applies the kernel to one block. Element-wise kernels get its rows
// in one call where the operands are contiguous, so that they see long
// slices.
func (j *job) block(block int) {
	e := j.e
	_, c := j.dst.Dims()
	from := block * j.rowsPer
	to := min(from+j.rowsPer, j.dst.RawMatrix().Rows)
	d := j.dst.RawMatrix().Data
	var ra blas64.General
	if j.a != nil {
		ra = j.a.RawMatrix()
	}
	rb := j.b.RawMatrix()
	call := func(from, to int) {
		dst, a, b := d[from*c:to*c], span(ra, from, to), span(rb, from, to)
		var codes []byte
		if j.codes != nil {
			codes = j.codes[from*c : to*c]
		}
		switch {
		case e.coded != nil && j.forward:
			e.coded.forwardCodes(dst, codes, b, j.stream)
		case e.coded != nil:
			mulCodes(dst, b, codes, e.coded.derivs(), j.stream)
		case j.forward:
			e.kernel.forwardRows(dst, a, b, from, j.stream)
		default:
			e.kernel.backwardRows(dst, a, b, block, j.stream)
		}
	}
	if !e.rowwise && rb.Stride == c && (j.a == nil || ra.Stride == c) {
		call(from, to)
		return
	}
	for i := from; i < to; i++ {
		call(i, i+1)
	}
}

// work hands jobs to the helper goroutines, which run blocks of them
// alongside the goroutine that called Forward or Backward.
var (
	work       = make(chan *job)
	workersMu  sync.Mutex
	numWorkers int
)

// startWorkers makes sure that at least n helpers are waiting for work.
// They are started on the first large batch and then park on the channel
// for the life of the program, so that a training step starts no
// goroutine and allocates nothing.
func startWorkers(n int) {
	workersMu.Lock()
	defer workersMu.Unlock()
	for ; numWorkers < n; numWorkers++ {
		go func() {
			for j := range work {
				j.run()
				j.wg.Done()
			}
		}()
	}
}

// span returns rows [from, to) of m as one slice, which is only meaningful
// for a single row or for contiguous data; nil for an absent matrix.
func span(m blas64.General, from, to int) []float64 {
	if m.Data == nil {
		return nil
	}
	return m.Data[from*m.Stride : (to-1)*m.Stride+m.Cols]
}

// dims checks a Forward or Backward argument and returns its shape.
func (e *engine) dims(method, what string, m *mat.Dense) (r, c int) {
	if m == nil {
		panic(e.errorf(method, "%s is nil", what))
	}
	if m.IsEmpty() {
		panic(e.errorf(method, "%s is empty", what))
	}
	return m.Dims()
}

func (e *engine) errorf(method, format string, args ...any) string {
	return fmt.Sprintf("activation: %s.%s: ", e.name, method) + fmt.Sprintf(format, args...)
}

// made panics for the zero value of a layer type whose constructor,
// New followed by the type's name, must make it.
func (e *engine) made(layer, method string) {
	if e.name == "" {
		panic(fmt.Sprintf("activation: %s.%s: zero %s: make one with New%s", layer, method, layer, layer))
	}
}

// layerName returns the name the layer's messages give it.
func (e *engine) layerName() string { return e.name }

// result is a matrix a layer returns and reuses. It keeps two so that a
// caller may pass the previous result back in: the new one is then written
// into the other matrix, never over the argument being read.
type result struct {
	m       [2]*mat.Dense
	current int
}

func (res *result) next(r, c int, arg *mat.Dense) *mat.Dense {
	if m := res.m[res.current]; m != nil && overlaps(m, arg) {
		res.current ^= 1
	}
	res.m[res.current] = reshape(res.m[res.current], r, c)
	return res.m[res.current]
}

// reshape returns m made r x c and contiguous: the same matrix, on its own
// memory where that holds r·c elements, so that a batch smaller than one
// before allocates nothing. A nil m gives a new matrix.
func reshape(m *mat.Dense, r, c int) *mat.Dense {
	if m == nil {
		return mat.NewDense(r, c, nil)
	}
	data := m.RawMatrix().Data
	if cap(data) < r*c {
		data = make([]float64, r*c)
	}
	m.SetRawMatrix(blas64.General{Rows: r, Cols: c, Stride: c, Data: data[:r*c]})
	return m
}

// overlaps reports whether the backing arrays of a and b may share memory.
// Capacities count, since a view's slice runs on to the end of its parent.
func overlaps(a, b *mat.Dense) bool {
	ad, bd := a.RawMatrix().Data, b.RawMatrix().Data
	if cap(ad) == 0 || cap(bd) == 0 {
		return false
	}
	a0 := uintptr(unsafe.Pointer(unsafe.SliceData(ad)))
	b0 := uintptr(unsafe.Pointer(unsafe.SliceData(bd)))
	const size = unsafe.Sizeof(float64(0))
	return a0 < b0+uintptr(cap(bd))*size && b0 < a0+uintptr(cap(ad))*size
}

// mul sets dst[i] = a[i] * b[i], on vectors where the CPU allows, and with
// stream set around the caches.
func mul(dst, a, b []float64, stream bool) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := mulVector(dst, a, b, stream); i < len(dst); i++ {
		dst[i] = a[i] * b[i]
	}
}

// mulCodes sets dst[i] = a[i] * d[codes[i]], on vectors where the CPU
// allows, and with stream set around the caches.
func mulCodes(dst, a []float64, codes []byte, d *[3]float64, stream bool) {
	a, codes = a[:len(dst)], codes[:len(dst)]
	for i := mulCodesVector(dst, a, codes, d, stream); i < len(dst); i++ {
		dst[i] = a[i] * d[codes[i]]
	}
}

// blockSums holds compensated sums of a reduction over the batch, width of
// them (one per column, say) for each block of the partition, so that the
// blocks may run in parallel and still be added up in one order.
type blockSums struct {
	width int
	sums  []compensated
}

// reset prepares the sums for a Backward of an r x c batch; it allocates
// only when the batch has more blocks than any before.
func (b *blockSums) reset(r, c int) {
	n, _ := blocks(r, c)
	if cap(b.sums) < n*b.width {
		b.sums = make([]compensated, n*b.width)
	}
	b.sums = b.sums[:n*b.width]
	clear(b.sums)
}

// block returns the sums of one block.
func (b *blockSums) block(i int) []compensated { return b.sums[i*b.width : (i+1)*b.width] }

// totals writes into dst the sum of every slot over all blocks, in block
// order.
func (b *blockSums) totals(dst []float64) {
	for j := range dst[:b.width] {
		var t compensated
		for i := j; i < len(b.sums); i += b.width {
			t.merge(b.sums[i])
		}
		dst[j] = t.value()
	}
}

// compensated accumulates a sum with the error of each addition carried
// separately (Neumaier; Ogita, Rump and Oishi's Dot2 for products), so the
// result is as accurate as if computed in twice the working precision.
type compensated struct{ sum, err float64 }

func (c *compensated) add(v float64) {
	s, e := twoSum(c.sum, v)
	c.sum = s
	c.err += e
}

func (c *compensated) addProduct(a, b float64) {
	p := float64(a * b) // rounded: the compiler must not fuse it into the sum
	c.add(p)
	c.err += math.FMA(a, b, -p)
}

// merge adds the sum that d accumulated.
func (c *compensated) merge(d compensated) {
	c.add(d.sum)
	c.err += d.err
}

func (c *compensated) value() float64 {
	if math.IsInf(c.sum, 0) || math.IsNaN(c.sum) {
		return c.sum // the error terms are NaN past overflow
	}
	return c.sum + c.err
}

// lanes is eight compensated sums side by side, element i of a loop in
// lane i mod 8, so that each addition need not wait for the one before it:
// a compensated addition is seven dependent operations, and with four
// lanes the vector loops waited on them (0.41 ns/elem summing in cache,
// 0.25 with eight). The vector kernels read and write it as two arrays of
// eight: each as two vectors of four, or as one of eight with AVX-512.
type lanes struct{ sum, err [laneCount]float64 }

const laneCount = 8

func (l *lanes) add(i int, v float64) {
	j := i % laneCount
	s, e := twoSum(l.sum[j], v)
	l.sum[j] = s
	l.err[j] += e
}

func (l *lanes) addProduct(i int, a, b float64) {
	p := float64(a * b) // rounded: the compiler must not fuse it into the sum
	l.add(i, p)
	l.err[i%laneCount] += math.FMA(a, b, -p)
}

// total returns the sums merged as a tree, lane j+w into lane j for w = 4,
// 2, 1, and the error terms summed alongside: the merges of a level are
// independent, so the three levels take less than half the time of seven
// merges in a row, which had been a tenth of a Softmax step on rows of
// 256. Written out, the tree stays in registers (8 ns against 22 in a
// loop over an array).
func (l *lanes) total() compensated {
	s, e := &l.sum, &l.err
	s0, e0 := twoSum(s[0], s[4])
	s1, e1 := twoSum(s[1], s[5])
	s2, e2 := twoSum(s[2], s[6])
	s3, e3 := twoSum(s[3], s[7])
	s0, f0 := twoSum(s0, s2)
	s1, f1 := twoSum(s1, s3)
	s0, g0 := twoSum(s0, s1)
	lanes := ((e[0] + e[4]) + (e[1] + e[5])) + ((e[2] + e[6]) + (e[3] + e[7]))
	return compensated{s0, lanes + (((e0 + e1) + (e2 + e3)) + (f0 + f1) + g0)}
}

// twoSum returns s = fl(a+b) and the rounding error e, with s+e = a+b exactly
// (Knuth).
func twoSum(a, b float64) (s, e float64) {
	s = a + b
	bv := s - a
	e = (a - (s - bv)) + (b - bv)
	return s, e
}

// twoProd returns p = fl(a·b) and the rounding error e, with p+e = a·b
// exactly.
func twoProd(a, b float64) (p, e float64) {
	p = float64(a * b) // rounded: a caller's sum must not fuse it back
	return p, math.FMA(a, b, -p)
}

// choose returns a if c and b otherwise, by masking bits instead of
// branching: a branch on the sign of random data mispredicts half the time.
func choose(c bool, a, b float64) float64 {
	var mask uint64
	if c {
		mask = ^mask
	}
	return math.Float64frombits(math.Float64bits(a)&mask | math.Float64bits(b)&^mask)
}
