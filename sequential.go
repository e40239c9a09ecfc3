package activation

import (
	"fmt"
	"strconv"

	"gonum.org/v1/gonum/mat"
)

// Sequential is a Layer made of layers applied one after another: Forward
// runs them in order, each on the output of the one before, and Backward
// runs them in reverse. Any Layer may be part of it, user-written ones
// included, and a Sequential may hold another.
type Sequential struct {
	layers []Layer
}

// NewSequential returns the composition of layers, first to last. It
// panics if there are none or one is nil.
func NewSequential(layers ...Layer) *Sequential {
	if len(layers) == 0 {
		panic("activation: NewSequential: no layers")
	}
	for i, l := range layers {
		if l == nil {
			panic(fmt.Sprintf("activation: NewSequential: layer %d is nil", i))
		}
	}
	return &Sequential{layers: append([]Layer(nil), layers...)}
}

// Forward runs every layer's Forward in order and returns the last one's
// result, which belongs to that layer.
func (s *Sequential) Forward(input *mat.Dense, training bool) *mat.Dense {
	for _, l := range s.layers {
		input = l.Forward(input, training)
	}
	return input
}

// Backward runs every layer's Backward in reverse order and returns the
// first one's result, which belongs to that layer.
func (s *Sequential) Backward(outputGrad *mat.Dense) *mat.Dense {
	for i := len(s.layers) - 1; i >= 0; i-- {
		outputGrad = s.layers[i].Backward(outputGrad)
	}
	return outputGrad
}

// Params returns the parameters of every layer, each keyed by the layer's
// position from 0 and its own name: "1.alpha" is the slope of the second
// layer, "2.0.alpha" that of the first layer of a Sequential in third
// place.
func (s *Sequential) Params() map[string]Param {
	params := map[string]Param{}
	for i, l := range s.layers {
		for name, p := range l.Params() {
			params[strconv.Itoa(i)+"."+name] = p
		}
	}
	return params
}

// Layers returns the layers in order, in a new slice.
func (s *Sequential) Layers() []Layer {
	return append([]Layer(nil), s.layers...)
}

// Config returns the name "Sequential" and, under "layers", the
// configuration of each layer that has one (nil for the others).
func (s *Sequential) Config() map[string]any {
	configs := make([]any, len(s.layers))
	for i, l := range s.layers {
		if c, ok := l.(Configurer); ok {
			configs[i] = c.Config()
		}
	}
	return map[string]any{"name": "Sequential", "layers": configs}
}
