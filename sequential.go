package activation

import (
	"fmt"
	"reflect"
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
// panics if there are none, if one is nil (a nil interface or a nil
// pointer), or if one layer sits at two places, directly or inside a
// nested Sequential: a layer keeps the state of one training Forward for
// one Backward, so each place needs an instance of its own (see Clone).
// Layers are the same when they are the same pointer.
func NewSequential(layers ...Layer) *Sequential {
	if len(layers) == 0 {
		panic("activation: NewSequential: no layers")
	}
	for i, l := range layers {
		if l == nil {
			panic(fmt.Sprintf("activation: NewSequential: layer %d is nil", i))
		}
		if v := reflect.ValueOf(l); v.Kind() == reflect.Pointer && v.IsNil() {
			panic(fmt.Sprintf("activation: NewSequential: layer %d is a nil %T", i, l))
		}
	}
	s := &Sequential{layers: append([]Layer(nil), layers...)}
	s.distinct(map[uintptr]string{}, "")
	return s
}

// distinct records in seen the position of every layer that is a pointer,
// from the top down through nested Sequentials, and panics at the first
// one met twice. Positions are written as in Params: "1.0" is the first
// layer of the Sequential in second place.
func (s *Sequential) distinct(seen map[uintptr]string, prefix string) {
	for i, l := range s.layers {
		at := prefix + strconv.Itoa(i)
		// A pointer to a zero-sized type holds no state, and such
		// pointers may all be equal.
		if v := reflect.ValueOf(l); v.Kind() == reflect.Pointer && v.Type().Elem().Size() > 0 {
			if first, twice := seen[v.Pointer()]; twice {
				panic(fmt.Sprintf("activation: NewSequential: layer %s (%s) is layer %s again; a layer used at two places needs two instances: give one place its Clone", at, layerName(l), first))
			}
			seen[v.Pointer()] = at
		}
		if inner, ok := l.(*Sequential); ok {
			inner.distinct(seen, at+".")
		}
	}
}

// layerName returns the name of a built-in layer, or the type of another.
func layerName(l Layer) string {
	if n, ok := l.(interface{ layerName() string }); ok && n.layerName() != "" {
		return n.layerName()
	}
	if _, ok := l.(*Sequential); ok {
		return "Sequential"
	}
	return fmt.Sprintf("%T", l)
}

// Forward runs every layer's Forward in order and returns the last one's
// result, which belongs to that layer.
func (s *Sequential) Forward(input *mat.Dense, training bool) *mat.Dense {
	s.made("Forward")
	for _, l := range s.layers {
		input = l.Forward(input, training)
	}
	return input
}

// Backward runs every layer's Backward in reverse order and returns the
// first one's result, which belongs to that layer.
func (s *Sequential) Backward(outputGrad *mat.Dense) *mat.Dense {
	s.made("Backward")
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

// Clone returns a Sequential of the clones of s's layers: the same
// configuration, copies of the parameters, and no state, for another
// goroutine to use. It panics if a layer is not a Cloner, naming it.
func (s *Sequential) Clone() Layer {
	s.made("Clone")
	return s.clone("")
}

func (s *Sequential) clone(prefix string) *Sequential {
	layers := make([]Layer, len(s.layers))
	for i, l := range s.layers {
		at := prefix + strconv.Itoa(i)
		switch l := l.(type) {
		case *Sequential:
			layers[i] = l.clone(at + ".")
		case Cloner:
			layers[i] = l.Clone()
		default:
			panic(fmt.Sprintf("activation: Sequential.Clone: layer %s (%s) has no Clone method: give its type a Clone() Layer that returns a copy with the same parameters and no state", at, layerName(l)))
		}
	}
	return NewSequential(layers...)
}

// made panics for a Sequential with no layers: the zero value.
func (s *Sequential) made(method string) {
	if len(s.layers) == 0 {
		panic("activation: Sequential." + method + ": no layers: make one with NewSequential")
	}
}
