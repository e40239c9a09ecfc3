package activation

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// Large batches are cut into blocks of whole rows, about blockElems
// elements each, whatever the number of goroutines: the blocks, and so every
// result, are the same on one core or many. Batches of at least
// parallelElems elements are shared among up to GOMAXPROCS goroutines. Below
// that, waking a helper costs more than it saves: measured on 2 cores, a
// Sigmoid step lost at 64K and gained from 128K on. Cheap kernels, which
// move more than they compute, wait until parallelCheapElems: a ReLU step
// on 256K elements took 0.43 to 0.49 ns/elem split against 0.38 whole, and
// broke even at 512K; PReLU lost 10% at 256K and gained 10% to 25% at 512K.
//
// The row-wise probabilities (Softmax, LogSoftmax, Softmin, Sparsemax,
// Entmax15) cost 3 to 10 times Sigmoid an element and reduce nothing
// across rows, so their blocks can be smaller without changing a bit:
// they split from parallelRowElems, in blocks of about rowBlockElems.
// What decides is a step's time, not its size: on 2 cores (Intel Xeon,
// benchstat of 6 runs) splitting took an Entmax15 step 21% to 33% faster
// at 32K to 64K elements, Softmax 14% at 64K and no different at 32K,
// while Softmax at 16K, a 55 µs step, was 23% slower split.
const (
	blockElems         = 1 << 14
	parallelElems      = 1 << 18
	parallelCheapElems = 1 << 19
	rowBlockElems      = 1 << 13
	parallelRowElems   = 1 << 15
)

// cost is what a kernel costs an element, which decides how its batches
// are split. A step of 256K elements that takes less than about 0.7
// ns/elem on one core loses when split in two (AMD EPYC Zen 5, benchstat
// of 6 runs at GOMAXPROCS 1 and 2: HardSigmoid, Softsign, SparsePlus,
// ReLU², Exp, the ELUs and PReLUPerFeature were 11% to 57% slower split;
// HardSwish on eight lanes, 0.51 ns/elem, 0.90 split),
// so those kernels are cheap, as the piecewise-linear ones are; Sigmoid's,
// 0.8, breaks even there.
type cost uint8

const (
	expCost   cost = iota // about an exponential an element, as Sigmoid
	cheapCost             // the kernel moves more than it computes
	rowsCost              // a row-wise kernel reducing nothing across rows
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
	mask        *Mask  // a row kernel's, or nil
	forward     bool
	stream      bool // the batch is too large for the caches
	rowsPer     int
	next, total int // blocks are handed out in order, under mu
	mu          sync.Mutex
	wg          sync.WaitGroup
	slots       atomic.Int32 // how many more helpers may join
}

// apply runs the kernel's forwardRows (forward set) or backwardRows on the
// rows of dst, a and b, which have one shape but for a shaper's; dst is
// contiguous, a and b may be views, a may be nil. A coded kernel gets b and codes instead:
// forwardCodes(dst, codes, b), or dst = b·derivs[codes] backward. A row
// kernel runs on the entries mask keeps, if mask is not nil (see
// maskedBlock).
func (e *engine) apply(dst, a, b *mat.Dense, codes []byte, mask *Mask, forward bool) {
	r, c := dst.Dims()
	n, rowsPer, helpers := e.plan(r, c, runtime.GOMAXPROCS(0))
	j := &e.job
	j.e, j.dst, j.a, j.b, j.codes, j.mask, j.forward, j.rowsPer = e, dst, a, b, codes, mask, forward, rowsPer
	j.stream = r*c >= streamElems
	j.next, j.total = 0, n
	if helpers > 0 {
		j.wg.Add(helpers)
		startWorkers(helpers)
		j.slots.Store(int32(helpers)) // after the fields above: a claim sees them
		j.offer(2)
	}
	j.run()
	// The helpers that have not joined by now would find no block left.
	j.wg.Add(-int(j.slots.Swap(0)))
	j.wg.Wait()
	j.dst, j.a, j.b, j.codes, j.mask = nil, nil, nil, nil, nil // keep no reference to the caller's matrices
}

// plan returns how an apply of an r x c batch is cut, with procs
// goroutines running at once: into n blocks of rowsPer rows, shared among
// the calling goroutine and helpers more.
func (e *engine) plan(r, c, procs int) (n, rowsPer, helpers int) {
	n, rowsPer = blocks(r, c)
	split := parallelElems
	switch e.cost {
	case rowsCost:
		rowsPer = max(1, rowBlockElems/c)
		n, split = (r+rowsPer-1)/rowsPer, parallelRowElems
	case cheapCost:
		split = parallelCheapElems
	}
	return n, rowsPer, helpersFor(r*c, n, split, procs)
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
	if j.mask != nil {
		j.maskedBlock(block, from, to, ra, rb)
		return
	}
	for i := from; i < to; i++ {
		call(i, i+1)
	}
}

// helpersFor returns how many helper goroutines an apply of a batch of
// elems elements in the given number of blocks asks to join it, with procs
// goroutines running at once: none below split elements, and above it as
// many as give each goroutine split/2 elements or more, one block or more,
// and one P. Waking a helper costs about as much on any machine, so on
// many cores a batch engages only as many as its size pays for.
func helpersFor(elems, blocks, split, procs int) int {
	if elems < split {
		return 0
	}
	return max(min(procs, blocks, elems/(split/2))-1, 0)
}

// The helper goroutines, started on the first large batch, take jobs from
// offers for the life of the program, so that a training step starts no
// goroutine and allocates nothing. A helper that has run a job waits for
// another busily, for up to spinFor, before it parks: the Forward and
// Backward calls of a training step follow one another, and a helper still
// looking takes the next call's blocks at once, where waking a parked one
// costs the kernel's wake-up of its thread.
var (
	offers     = make(chan *job, 256)
	workersMu  sync.Mutex
	numWorkers int
)

const spinFor = 50 * time.Microsecond

// startWorkers makes sure that at least n helpers exist.
func startWorkers(n int) {
	workersMu.Lock()
	defer workersMu.Unlock()
	for ; numWorkers < n; numWorkers++ {
		go func() {
			for {
				for j := <-offers; j != nil; j = nextOffer() {
					if j.claim() {
						j.offer(2) // wake-ups spread as a tree, not all from the caller
						j.run()
						j.wg.Done()
					}
				}
			}
		}()
	}
}

// nextOffer waits for an offer for up to spinFor, yielding its P while it
// waits, and returns it, or nil if none came.
func nextOffer() *job {
	deadline := time.Now().Add(spinFor)
	for time.Now().Before(deadline) {
		select {
		case j := <-offers:
			return j
		default:
			runtime.Gosched()
		}
	}
	return nil
}

// offer offers j to up to n more helpers, as many as it has slots for. An
// offer that finds the slots gone is dropped by whoever takes it.
func (j *job) offer(n int) {
	for range min(n, int(j.slots.Load())) {
		select {
		case offers <- j:
		default: // full of offers not yet taken
		}
	}
}

// claim takes one of j's slots for a helper, and reports whether there
// was one.
func (j *job) claim() bool {
	for {
		n := j.slots.Load()
		if n <= 0 {
			return false
		}
		if j.slots.CompareAndSwap(n, n-1) {
			return true
		}
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
