package main

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"os"
	"path/filepath"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Picture sizes; PNGs are drawn at 96 dots per inch.
const (
	curveWidth, curveHeight   = 6 * vg.Inch, 4 * vg.Inch
	sheetWidth, sheetRow      = 12 * vg.Inch, 2.25 * vg.Inch // a row of sheetColumns plots
	sheetColumns              = 6
	regionWidth, regionHeight = 6 * vg.Inch, 6 * vg.Inch
)

// sheetRows is how many rows of plots the activation sheet has.
func sheetRows() int { return (len(activations) + sheetColumns - 1) / sheetColumns }

// classColors are the colours of the classes in the decision-region plot.
var classColors = []color.RGBA{
	{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff},
	{R: 0xd6, G: 0x27, B: 0x28, A: 0xff},
	{R: 0x2c, G: 0xa0, B: 0x2c, A: 0xff},
	{R: 0xff, G: 0x7f, B: 0x0e, A: 0xff},
	{R: 0x94, G: 0x67, B: 0xbd, A: 0xff},
}

func classColor(k int) color.RGBA { return classColors[k%len(classColors)] }

// plotCurves writes loss.png and accuracy.png: the training and test curves
// over the epochs.
func plotCurves(dir string, history []epochStats) error {
	curves := []struct {
		file, title, y string
		train, test    func(epochStats) float64
	}{
		{"loss.png", "Cross-entropy loss", "loss",
			func(s epochStats) float64 { return s.trainLoss },
			func(s epochStats) float64 { return s.testLoss }},
		{"accuracy.png", "Accuracy", "fraction classified right",
			func(s epochStats) float64 { return s.trainAccuracy },
			func(s epochStats) float64 { return s.testAccuracy }},
	}
	for _, c := range curves {
		p := plot.New()
		p.Title.Text = c.title
		p.X.Label.Text = "epoch"
		p.Y.Label.Text = c.y
		p.Add(plotter.NewGrid())
		for i, series := range []struct {
			name  string
			value func(epochStats) float64
		}{{"train", c.train}, {"test", c.test}} {
			xys := make(plotter.XYs, len(history))
			for e, s := range history {
				xys[e] = plotter.XY{X: float64(e + 1), Y: series.value(s)}
			}
			if err := addLine(p, series.name, classColor(i), xys); err != nil {
				return err
			}
		}
		p.Legend.Top = c.file == "loss.png"
		p.Legend.Left = false
		if err := p.Save(curveWidth, curveHeight, filepath.Join(dir, c.file)); err != nil {
			return err
		}
	}
	return nil
}

// plotActivations writes activations.png: every element-wise activation
// and its derivative over [-5, 5]. The derivative is what the layer's
// Backward returns for an output gradient of ones, not a second formula.
func plotActivations(dir string) error {
	const n = 501
	x := mat.NewDense(1, n, nil)
	ones := mat.NewDense(1, n, nil)
	for i := range n {
		x.Set(0, i, -5+10*float64(i)/(n-1))
		ones.Set(0, i, 1)
	}
	names := activationNames()
	const cols = sheetColumns
	rows := sheetRows()
	plots := make([][]*plot.Plot, rows)
	for r := range plots {
		plots[r] = make([]*plot.Plot, cols)
	}
	for k, name := range names {
		layer := activations[name]()
		y := layer.Forward(x, true).RawRowView(0)
		dy := layer.Backward(ones).RawRowView(0)
		p := plot.New()
		p.Title.Text = name
		p.Add(plotter.NewGrid())
		for i, curve := range []struct {
			label  string
			values []float64
		}{{"f(x)", y}, {"f'(x)", dy}} {
			xys := make(plotter.XYs, n)
			for j := range n {
				xys[j] = plotter.XY{X: x.At(0, j), Y: curve.values[j]}
			}
			if err := addLine(p, curve.label, classColor(i), xys); err != nil {
				return err
			}
		}
		p.Legend.Top, p.Legend.Left = true, true
		plots[k/cols][k%cols] = p
	}
	img := vgimg.New(sheetWidth, vg.Length(rows)*sheetRow)
	dc := draw.New(img)
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: vg.Millimeter * 4, PadY: vg.Millimeter * 4,
		PadTop: vg.Millimeter * 2, PadBottom: vg.Millimeter * 2, PadLeft: vg.Millimeter * 2, PadRight: vg.Millimeter * 2}
	canvases := plot.Align(plots, tiles, dc)
	for r := range plots {
		for c, p := range plots[r] {
			if p != nil {
				p.Draw(canvases[r][c])
			}
		}
	}
	return writePNG(filepath.Join(dir, "activations.png"), img)
}

// plotRegions writes regions.png for a two-feature dataset: the class the
// network predicts at every point of the plane, pale where it is unsure,
// with the samples drawn on top.
func plotRegions(dir string, net *network, data *dataset) error {
	xmin, xmax, ymin, ymax := bounds(data)
	const pixels = 300
	grid := mat.NewDense(pixels*pixels, 2, nil)
	for r := range pixels {
		for c := range pixels {
			grid.Set(r*pixels+c, 0, xmin+(xmax-xmin)*(float64(c)+0.5)/pixels)
			grid.Set(r*pixels+c, 1, ymax-(ymax-ymin)*(float64(r)+0.5)/pixels)
		}
	}
	logp := net.predict(grid)
	regions := image.NewRGBA(image.Rect(0, 0, pixels, pixels))
	for r := range pixels {
		for c := range pixels {
			row := logp.RawRowView(r*pixels + c)
			k := argmax(row)
			// Blend the class colour with white: full colour for certain
			// points, white where the classes tie.
			p, classes := math.Exp(row[k]), float64(len(row))
			strength := 0.15 + 0.35*(p*classes-1)/(classes-1)
			regions.Set(c, r, blend(classColor(k), strength))
		}
	}
	p := plot.New()
	p.Title.Text = "Decision regions"
	p.X.Label.Text = data.features[0] + " (standardised)"
	p.Y.Label.Text = data.features[1] + " (standardised)"
	p.Add(plotter.NewImage(regions, xmin, ymin, xmax, ymax))
	for k, class := range data.classes {
		var xys plotter.XYs
		for i, row := range data.x {
			if data.label[i] == k {
				xys = append(xys, plotter.XY{X: row[0], Y: row[1]})
			}
		}
		points, err := plotter.NewScatter(xys)
		if err != nil {
			return err
		}
		points.Color = classColor(k)
		points.Radius = vg.Points(2)
		p.Add(points)
		p.Legend.Add(class, points)
	}
	return p.Save(regionWidth, regionHeight, filepath.Join(dir, "regions.png"))
}

// addLine draws xys on p as a line of colour c, with a legend entry.
func addLine(p *plot.Plot, label string, c color.Color, xys plotter.XYs) error {
	line, err := plotter.NewLine(xys)
	if err != nil {
		return err
	}
	line.Color = c
	line.Width = vg.Points(1.5)
	p.Add(line)
	p.Legend.Add(label, line)
	return nil
}

// bounds returns the range of the first two features, widened by a margin.
func bounds(d *dataset) (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = d.x[0][0], d.x[0][1]
	xmax, ymax = xmin, ymin
	for _, row := range d.x {
		xmin, xmax = min(xmin, row[0]), max(xmax, row[0])
		ymin, ymax = min(ymin, row[1]), max(ymax, row[1])
	}
	mx, my := 0.1*(xmax-xmin), 0.1*(ymax-ymin)
	return xmin - mx, xmax + mx, ymin - my, ymax + my
}

// blend mixes c with white, keeping the fraction s of c.
func blend(c color.RGBA, s float64) color.RGBA {
	mix := func(v uint8) uint8 { return uint8(float64(v)*s + 255*(1-s) + 0.5) }
	return color.RGBA{R: mix(c.R), G: mix(c.G), B: mix(c.B), A: 0xff}
}

func writePNG(path string, img *vgimg.Canvas) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(f); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return f.Close()
}
