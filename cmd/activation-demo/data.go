package main

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
)

// irisCSV is Fisher's Iris data (150 flowers, 4 measurements in cm, 3
// species), as printed in Fisher's 1936 paper; the UCI copy differs in two
// rows.
//
//go:embed iris.csv
var irisCSV []byte

// dataset is a classification problem: one row of features per sample and
// the index of its class in classes.
type dataset struct {
	name     string
	features []string
	classes  []string
	x        [][]float64
	label    []int
}

// loadIris returns the embedded Iris data.
func loadIris() *dataset {
	d, err := parseCSV("iris.csv", bytes.NewReader(irisCSV))
	if err != nil {
		panic(err) // the embedded file is part of the program
	}
	d.name = "iris"
	return d
}

// loadCSV reads a dataset from a CSV file laid out as iris.csv: a header
// row, then one sample per row with numeric features and the class name in
// the last column.
func loadCSV(path string) (*dataset, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return parseCSV(path, f)
}

// parseCSV reads a dataset in the layout of loadCSV. Errors name the file
// and line.
func parseCSV(name string, r io.Reader) (*dataset, error) {
	cr := csv.NewReader(r)
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("%s: empty file, want a header row", name)
	}
	if err != nil {
		return nil, csvError(name, err)
	}
	if len(header) < 2 {
		return nil, fmt.Errorf("%s:1: header has %d columns, want features then a class column", name, len(header))
	}
	for j := range header {
		header[j] = strings.TrimSpace(header[j])
	}
	d := &dataset{name: name, features: header[:len(header)-1]}
	classIndex := map[string]int{}
	for {
		record, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(name, err)
		}
		line, _ := cr.FieldPos(0)
		row := make([]float64, len(d.features))
		for j := range row {
			v, err := strconv.ParseFloat(strings.TrimSpace(record[j]), 64)
			if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("%s:%d: column %q is %q, want a finite number", name, line, header[j], record[j])
			}
			row[j] = v
		}
		class := strings.TrimSpace(record[len(record)-1])
		if class == "" {
			return nil, fmt.Errorf("%s:%d: empty class name", name, line)
		}
		k, ok := classIndex[class]
		if !ok {
			k = len(d.classes)
			classIndex[class] = k
			d.classes = append(d.classes, class)
		}
		d.x = append(d.x, row)
		d.label = append(d.label, k)
	}
	if len(d.x) == 0 {
		return nil, fmt.Errorf("%s: no samples after the header", name)
	}
	if len(d.classes) < 2 {
		return nil, fmt.Errorf("%s: one class (%q), want at least two", name, d.classes[0])
	}
	return d, nil
}

// csvError turns encoding/csv's error into file:line: problem.
func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s:%d: %v", name, pe.Line, pe.Err)
	}
	return fmt.Errorf("%s: %v", name, err)
}

// makeSpirals returns two interleaved spirals of n points each, turning
// 1.75 times around the origin, with Gaussian noise.
func makeSpirals(n int, rng *rand.Rand) *dataset {
	d := &dataset{name: "spirals", features: []string{"x", "y"}, classes: []string{"spiral A", "spiral B"}}
	const turns, noise = 1.75, 0.03
	for class := range 2 {
		for i := range n {
			t := 0.1 + 0.9*float64(i)/float64(n-1) // radius, away from the crowded centre
			angle := 2*math.Pi*turns*t + math.Pi*float64(class)
			d.x = append(d.x, []float64{
				t*math.Cos(angle) + noise*rng.NormFloat64(),
				t*math.Sin(angle) + noise*rng.NormFloat64(),
			})
			d.label = append(d.label, class)
		}
	}
	return d
}

// testFraction is the part of every class that goes to the test set.
const testFraction = 0.2

// split divides d into a training and a test set, taking testFraction of
// every class for the test set, rounded, so both see every class in
// proportion.
func split(d *dataset, testFraction float64, rng *rand.Rand) (train, test *dataset) {
	train = &dataset{name: d.name, features: d.features, classes: d.classes}
	test = &dataset{name: d.name, features: d.features, classes: d.classes}
	for k := range d.classes {
		var idx []int
		for i, l := range d.label {
			if l == k {
				idx = append(idx, i)
			}
		}
		rng.Shuffle(len(idx), func(a, b int) { idx[a], idx[b] = idx[b], idx[a] })
		nTest := int(math.Round(testFraction * float64(len(idx))))
		for j, i := range idx {
			dst := train
			if j < nTest {
				dst = test
			}
			dst.x = append(dst.x, d.x[i])
			dst.label = append(dst.label, k)
		}
	}
	return train, test
}

// standardizer maps every feature to mean 0 and standard deviation 1 on the
// data it was fitted on.
type standardizer struct{ mean, std []float64 }

func fitStandardizer(d *dataset) standardizer {
	s := standardizer{make([]float64, len(d.features)), make([]float64, len(d.features))}
	n := float64(len(d.x))
	for _, row := range d.x {
		for j, v := range row {
			s.mean[j] += v / n
		}
	}
	for _, row := range d.x {
		for j, v := range row {
			s.std[j] += (v - s.mean[j]) * (v - s.mean[j]) / n
		}
	}
	for j := range s.std {
		s.std[j] = math.Sqrt(s.std[j])
		if s.std[j] == 0 {
			s.std[j] = 1 // a constant feature carries no information; keep it at 0
		}
	}
	return s
}

// apply returns a standardised copy of d.
func (s standardizer) apply(d *dataset) *dataset {
	out := *d
	out.x = make([][]float64, len(d.x))
	for i, row := range d.x {
		out.x[i] = make([]float64, len(row))
		for j, v := range row {
			out.x[i][j] = (v - s.mean[j]) / s.std[j]
		}
	}
	return &out
}
