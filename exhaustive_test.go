package activation

import (
	"flag"
	"fmt"
	"math"
	"runtime"
	"sync"
	"testing"
	"time"
)

var exhaustive = flag.Uint64("exhaustive", 0, "check this many float32 inputs of every element-wise slice function, spread over all 2^32 (4294967296 for every one); minutes")

// TestFloat32Exhaustive checks the float32 slice functions of every
// element-wise layer, Forward and Backward (with g = 1, so dx = f'(x)), on
// every float32 input, against the float64 path on the input widened,
// rounded once: the vectors' float32 forms (their loads that widen and
// stores that round, on whatever path the CPU takes) and the Go path's
// chunks agree with the float64 functions, which are within 4 ulp of the
// exact values (2^26 times finer than a float32 ulp) by the reference
// tests, so that every float32 result is within 0.51 ulp. It runs with
// -exhaustive=4294967296 (every input); a smaller count takes inputs
// spread evenly over the bit patterns.
func TestFloat32Exhaustive(t *testing.T) {
	if *exhaustive == 0 {
		t.Skip("needs -exhaustive=N")
	}
	total := min(*exhaustive, 1<<32)
	stride := (1 << 32) / total
	const block = 1 << 16
	for _, lc := range elementLayers() {
		if lc.name == "Activation" {
			continue // a function of the test's, through the chunks every Go path takes
		}
		start := time.Now()
		f32s, err := FuncOf[float32](lc.make(1))
		if err != nil {
			t.Fatal(err)
		}
		f64s, _ := FuncOf[float64](lc.make(1))
		var next uint64
		var mu sync.Mutex
		var wg sync.WaitGroup
		var failure string
		for range runtime.GOMAXPROCS(0) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				x32, y32, dx32, ones32 := make([]float32, block), make([]float32, block), make([]float32, block), make([]float32, block)
				x64, y64, dx64, ones64 := make([]float64, block), make([]float64, block), make([]float64, block), make([]float64, block)
				for i := range block {
					ones32[i], ones64[i] = 1, 1
				}
				for {
					mu.Lock()
					first, failed := next, failure != ""
					next += block
					mu.Unlock()
					if first >= total || failed {
						return
					}
					n := int(min(block, total-first))
					for i := range n {
						x32[i] = math.Float32frombits(uint32((first + uint64(i)) * stride))
						x64[i] = float64(x32[i])
					}
					f32s.Forward(y32[:n], x32[:n])
					f32s.Backward(dx32[:n], ones32[:n], x32[:n])
					f64s.Forward(y64[:n], x64[:n])
					f64s.Backward(dx64[:n], ones64[:n], x64[:n])
					for i := range n {
						if !same(float64(y32[i]), float64(float32(y64[i]))) || !same(float64(dx32[i]), float64(float32(dx64[i]))) {
							mu.Lock()
							failure = fmt.Sprintf("x = %v (%#x): y = %v, dy = %v; float64 path %v, %v", x32[i], math.Float32bits(x32[i]), y32[i], dx32[i], y64[i], dx64[i])
							mu.Unlock()
							return
						}
					}
				}
			}()
		}
		wg.Wait()
		if failure != "" {
			t.Errorf("%s: %s", lc.name, failure)
		}
		t.Logf("%s: %d inputs in %v", lc.name, total, time.Since(start).Round(time.Millisecond))
	}
}
