package main

import (
	"bytes"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func defaults(t *testing.T) config {
	t.Helper()
	return config{data: "iris", activation: "relu", hidden: []int{16, 16}, epochs: 60, batch: 16, lr: 0.01, optimizer: "adam", seed: 1, out: t.TempDir()}
}

func TestTrainingLearns(t *testing.T) {
	for _, tc := range []struct {
		data       string
		activation string
		epochs     int
		floor      float64
	}{
		{"iris", "relu", 20, 0.85},
		{"iris", "tanh", 20, 0.85},
		{"spirals", "relu", 40, 0.9},
		{"spirals", "swish", 40, 0.9},
		{"spirals", "prelu", 40, 0.9},
	} {
		t.Run(tc.data+"/"+tc.activation, func(t *testing.T) {
			cfg := defaults(t)
			cfg.data, cfg.activation, cfg.epochs = tc.data, tc.activation, tc.epochs
			res, err := trainModel(cfg, io.Discard)
			require.NoError(t, err)
			require.Len(t, res.history, tc.epochs)
			first, last := res.history[0], res.history[tc.epochs-1]
			assert.Less(t, last.trainLoss, first.trainLoss/2, "training loss falls")
			assert.GreaterOrEqual(t, last.testAccuracy, tc.floor)
		})
	}
}

func TestDefaultsReachTheirAccuracy(t *testing.T) {
	for _, tc := range []struct {
		args  []string
		floor float64
	}{
		{nil, 95},
		{[]string{"-data", "spirals"}, 97},
	} {
		t.Run(strings.Join(append([]string{"default"}, tc.args...), " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(append(tc.args, "-out", t.TempDir()), &stdout, &stderr)
			require.Equal(t, 0, code, stderr.String())
			m := regexp.MustCompile(`test +accuracy ([0-9.]+)%`).FindStringSubmatch(stdout.String())
			require.NotNil(t, m, stdout.String())
			accuracy, err := strconv.ParseFloat(m[1], 64)
			require.NoError(t, err)
			assert.GreaterOrEqual(t, accuracy, tc.floor)
			assert.Empty(t, stderr.String(), "no progress bar where stderr is not a terminal")
		})
	}
}

func TestProgressBar(t *testing.T) {
	cfg := defaults(t)
	cfg.epochs = 5
	var bar bytes.Buffer
	_, err := trainModel(cfg, &bar)
	require.NoError(t, err)
	assert.Contains(t, bar.String(), "(5/5)", "the bar reaches the last epoch")

	// Into a file, the demo draws no frames, and -quiet asks for none.
	f, err := os.Create(filepath.Join(t.TempDir(), "stderr"))
	require.NoError(t, err)
	defer f.Close()
	for _, args := range [][]string{{"-epochs", "3"}, {"-epochs", "3", "-quiet"}} {
		var stdout bytes.Buffer
		require.Equal(t, 0, run(append(args, "-out", t.TempDir()), &stdout, f))
		info, err := f.Stat()
		require.NoError(t, err)
		assert.Zero(t, info.Size(), "%v wrote to a stderr that is a file", args)
	}
	assert.False(t, isTerminal(f))
	devNull, err := os.Open(os.DevNull) // a character device, not a terminal
	require.NoError(t, err)
	defer devNull.Close()
	assert.False(t, isTerminal(devNull))
}

func TestSameSeedSameRun(t *testing.T) {
	cfg := defaults(t)
	cfg.data, cfg.epochs = "spirals", 5
	a, err := trainModel(cfg, io.Discard)
	require.NoError(t, err)
	b, err := trainModel(cfg, io.Discard)
	require.NoError(t, err)
	assert.Equal(t, a.history, b.history)
	cfg.seed = 2
	c, err := trainModel(cfg, io.Discard)
	require.NoError(t, err)
	assert.NotEqual(t, a.history, c.history)
}

func TestPictures(t *testing.T) {
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, run([]string{"-data", "spirals", "-epochs", "3", "-out", out}, &stdout, &stderr), stderr.String())
	for _, tc := range []struct {
		file          string
		width, height int
	}{
		{"loss.png", 576, 384},
		{"accuracy.png", 576, 384},
		{"activations.png", 1152, int(float64(sheetRows()) * 2.25 * 96)},
		{"regions.png", 576, 576},
	} {
		t.Run(tc.file, func(t *testing.T) {
			f, err := os.Open(filepath.Join(out, tc.file))
			require.NoError(t, err)
			defer f.Close()
			img, err := png.Decode(f)
			require.NoError(t, err)
			assert.Equal(t, tc.width, img.Bounds().Dx())
			assert.Equal(t, tc.height, img.Bounds().Dy())
		})
	}
	assert.Contains(t, stdout.String(), filepath.Join(out, "regions.png"))

	// Iris has four features, so it has no decision-region picture, and
	// the spirals' one is not left beside its other pictures.
	stdout.Reset()
	require.Equal(t, 0, run([]string{"-epochs", "3", "-out", out}, &stdout, &stderr), stderr.String())
	_, err := os.Stat(filepath.Join(out, "regions.png"))
	assert.True(t, os.IsNotExist(err), "an earlier run's regions.png is left")
	assert.NotContains(t, stdout.String(), "regions.png")
	out = t.TempDir()
	require.Equal(t, 0, run([]string{"-epochs", "3", "-out", out}, &stdout, &stderr), stderr.String())
	_, err = os.Stat(filepath.Join(out, "regions.png"))
	assert.True(t, os.IsNotExist(err))
}

func TestFlagErrors(t *testing.T) {
	notAFolder := filepath.Join(t.TempDir(), "file")
	require.NoError(t, os.WriteFile(notAFolder, nil, 0o644))
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-activation", "cosh"}, `activation-demo: unknown activation "cosh" (want celu, elu, gelu, gelutanh, hardshrink, hardsigmoid, hardswish, hardtanh, identity, leakyrelu, logsigmoid, mish, prelu, relu, relu6, rrelu, selu, sigmoid, softplus, softshrink, softsign, sparseplus, sparsesigmoid, squareplus, swish, swishbeta, tanh, tanhshrink, threshold)`},
		{[]string{"-data", "mnist"}, `activation-demo: unknown dataset "mnist" (want iris or spirals)`},
		{[]string{"-epochs", "0"}, "activation-demo: -epochs is 0, want at least 1"},
		{[]string{"-epochs", "-3"}, "activation-demo: -epochs is -3, want at least 1"},
		{[]string{"-batch", "0"}, "activation-demo: -batch is 0, want at least 1"},
		{[]string{"-lr", "NaN"}, "activation-demo: -lr is NaN, want a learning rate above 0 and below 1000"},
		{[]string{"-lr", "5000"}, "activation-demo: -lr is 5000, want a learning rate above 0 and below 1000"},
		{[]string{"-lr", "0"}, "activation-demo: -lr is 0, want a learning rate above 0 and below 1000"},
		{[]string{"-csv", "data.csv", "-data", "spirals"}, "activation-demo: -csv and -data both choose the data: give one"},
		{[]string{"-data", "iris", "-csv", "data.csv"}, "activation-demo: -csv and -data both choose the data: give one"},
		{[]string{"-optimizer", "sgd"}, `activation-demo: unknown optimizer "sgd" (want adam or momentum)`},
		{[]string{"-hidden", "16,x"}, `invalid value "16,x" for flag -hidden: width "x" is not a positive integer`},
		{[]string{"-epochs", "many"}, `invalid value "many" for flag -epochs`},
		{[]string{"-colour"}, "flag provided but not defined: -colour"},
		{[]string{"extra"}, `activation-demo: unexpected argument "extra"`},
		{[]string{"-out", filepath.Join(notAFolder, "pictures")}, "activation-demo: output folder: mkdir " + notAFolder + ": not a directory"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			assert.Equal(t, 2, run(tc.args, &stdout, &stderr))
			lines := strings.SplitN(stderr.String(), "\n", 2)
			assert.Equal(t, tc.want, lines[0][:min(len(lines[0]), len(tc.want))], "first line states the error")
			assert.Contains(t, stderr.String(), "Usage: activation-demo [flags]")
			assert.Contains(t, stderr.String(), "-activation")
			assert.Empty(t, stdout.String())
		})
	}
}

func TestCSVErrorsNameTheLine(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
		return path
	}
	header := "a,b,class\n"
	for _, tc := range []struct {
		name, text, want string
	}{
		{"empty.csv", "", "empty.csv: empty file, want a header row"},
		{"header-only.csv", header, "header-only.csv: no samples after the header"},
		{"one-column.csv", "class\nx\n", "one-column.csv:1: header has 1 columns, want features then a class column"},
		{"not-a-number.csv", header + "1,2,x\n1,two,y\n", `not-a-number.csv:3: column "b" is "two", want a finite number`},
		{"infinite.csv", header + "1,2,x\n1,2,y\nInf,2,y\n", `infinite.csv:4: column "a" is "Inf", want a finite number`},
		{"short-row.csv", header + "1,2,x\n1,y\n", "short-row.csv:3: wrong number of fields"},
		{"no-class.csv", header + "1,2,x\n1,2,\n", "no-class.csv:3: empty class name"},
		{"one-class.csv", header + "1,2,x\n1,3,x\n", `one-class.csv: one class ("x"), want at least two`},
		{"quote.csv", header + "1,2,x\n1,2,\"y\n", `quote.csv:3: extraneous or missing " in quoted-field`},
		{"two-samples.csv", header + "1,2,x\n1,3,y\n3,4,y\n", "two-samples.csv: 3 samples are too few: the test set takes a fifth of each class, rounded, which is none here; some class needs at least 3 samples"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := write(tc.name, tc.text)
			var stdout, stderr bytes.Buffer
			assert.Equal(t, 1, run([]string{"-csv", path, "-out", dir}, &stdout, &stderr))
			assert.Equal(t, "activation-demo: "+filepath.Join(dir, tc.want)+"\n", stderr.String())
		})
	}

	var stdout, stderr bytes.Buffer
	missing := filepath.Join(dir, "missing.csv")
	assert.Equal(t, 1, run([]string{"-csv", missing, "-out", dir}, &stdout, &stderr))
	assert.Equal(t, "activation-demo: open "+missing+": no such file or directory\n", stderr.String())
}

// TestCSVSpaces reads numbers and class names with spaces around them, as
// hand-edited files and spreadsheets export them.
func TestCSVSpaces(t *testing.T) {
	d, err := parseCSV("spaces.csv", strings.NewReader("a, b ,class\n4 , 2.5,x \n 1,-3 , y\n"))
	require.NoError(t, err)
	assert.Equal(t, [][]float64{{4, 2.5}, {1, -3}}, d.x)
	assert.Equal(t, []string{"x", "y"}, d.classes)
}

func TestCSVTrainsLikeTheBuiltInIris(t *testing.T) {
	path := filepath.Join(t.TempDir(), "iris.csv")
	require.NoError(t, os.WriteFile(path, irisCSV, 0o644))
	cfg := defaults(t)
	cfg.epochs = 5
	builtIn, err := trainModel(cfg, io.Discard)
	require.NoError(t, err)
	cfg.csv = path
	fromFile, err := trainModel(cfg, io.Discard)
	require.NoError(t, err)
	assert.Equal(t, builtIn.history, fromFile.history)
}

func TestIrisIsFishers(t *testing.T) {
	d := loadIris()
	require.Len(t, d.x, 150)
	assert.Equal(t, []string{"sepal_length", "sepal_width", "petal_length", "petal_width"}, d.features)
	assert.Equal(t, []string{"setosa", "versicolor", "virginica"}, d.classes)
	// Means from Fisher (1936), Table 1, and the rows where the UCI copy
	// differs from the paper (samples 35 and 38).
	for j, want := range []float64{5.843, 3.057, 3.758, 1.199} {
		var sum float64
		for _, row := range d.x {
			sum += row[j]
		}
		assert.InDelta(t, want, sum/150, 5e-4, d.features[j])
	}
	assert.Equal(t, []float64{4.9, 3.1, 1.5, 0.2}, d.x[34])
	assert.Equal(t, []float64{4.9, 3.6, 1.4, 0.1}, d.x[37])
}

func FuzzParseCSV(f *testing.F) {
	f.Add(irisCSV)
	f.Add([]byte("a,b,class\n1,2,x\n3,4,y\n"))
	f.Add([]byte("a,class\n1e308,x\n-0,\"y\"\"z\"\n"))
	f.Fuzz(func(t *testing.T, text []byte) {
		d, err := parseCSV("fuzz.csv", bytes.NewReader(text))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.csv") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		if len(d.x) == 0 || len(d.x) != len(d.label) || len(d.classes) < 2 {
			t.Fatalf("%d rows, %d labels, %d classes", len(d.x), len(d.label), len(d.classes))
		}
		for i, row := range d.x {
			if len(row) != len(d.features) {
				t.Fatalf("row %d has %d features, header %d", i, len(row), len(d.features))
			}
			for _, v := range row {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("row %d holds %v", i, v)
				}
			}
			if d.label[i] < 0 || d.label[i] >= len(d.classes) {
				t.Fatalf("row %d has label %d of %d classes", i, d.label[i], len(d.classes))
			}
		}
	})
}
