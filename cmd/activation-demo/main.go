// Command activation-demo trains a small neural network with the activation
// layers of github.com/mpneuralnetwork/activation and draws what happened.
//
// With no flags it trains a multilayer perceptron on Fisher's Iris data,
// which is built into the program, shows a progress bar with the loss and
// accuracy of every epoch when standard error is a terminal (-quiet turns
// it off), prints the test accuracy and the time per epoch,
// and writes PNG pictures into ./demo-out: the loss and accuracy curves, a
// sheet of every activation and its derivative, and, for two-feature data
// such as -data spirals, the decision regions.
//
// Usage:
//
//	activation-demo [flags]
//
// Run it with -h for the flags. Runs with the same flags and -seed are
// identical.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// config is what the flags set.
type config struct {
	data       string
	csv        string
	activation string
	hidden     []int
	epochs     int
	batch      int
	lr         float64
	optimizer  string
	seed       uint64
	out        string
	quiet      bool
}

// run is the program: it parses args, trains, writes the pictures, and
// returns the exit status: 0 on success, 2 for a bad flag, 1 for any other
// failure.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("activation-demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg := config{hidden: []int{16, 16}}
	fs.StringVar(&cfg.data, "data", "iris", "dataset: iris (built in) or spirals (generated)")
	fs.StringVar(&cfg.csv, "csv", "", "train on this CSV `file` instead: a header, then numeric features and a class name last")
	fs.StringVar(&cfg.activation, "activation", "relu", "activation between dense layers: "+strings.Join(activationNames(), ", "))
	fs.Func("hidden", "comma-separated `widths` of the hidden layers (default 16,16)", func(s string) error {
		var widths []int
		for _, f := range strings.Split(s, ",") {
			w, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil || w <= 0 {
				return fmt.Errorf("width %q is not a positive integer", f)
			}
			widths = append(widths, w)
		}
		cfg.hidden = widths
		return nil
	})
	fs.IntVar(&cfg.epochs, "epochs", 60, "passes over the training set")
	fs.IntVar(&cfg.batch, "batch", 16, "samples per mini-batch")
	fs.Float64Var(&cfg.lr, "lr", 0.01, "learning rate")
	fs.StringVar(&cfg.optimizer, "optimizer", "adam", "adam or momentum (SGD with momentum 0.9)")
	fs.Uint64Var(&cfg.seed, "seed", 1, "seed of the data split, the initial weights and the batch order")
	fs.StringVar(&cfg.out, "out", "demo-out", "`folder` for the PNG pictures")
	fs.BoolVar(&cfg.quiet, "quiet", false, "no progress bar (it is drawn only on a terminal anyway)")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: activation-demo [flags]\n\nTrains a neural network built from the activation layers and draws it.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2 // the flag package has printed the error and usage
	}
	if fs.NArg() > 0 {
		return usageError(fs, fmt.Errorf("unexpected argument %q", fs.Arg(0)))
	}
	if cfg.csv != "" && isSet(fs, "data") {
		return usageError(fs, errors.New("-csv and -data both choose the data: give one"))
	}
	if err := cfg.check(); err != nil {
		return usageError(fs, err)
	}
	if err := demo(cfg, stdout, stderr); err != nil {
		fmt.Fprintln(stderr, "activation-demo:", err)
		return 1
	}
	return 0
}

// maxLearningRate bounds -lr against slips such as 5000 for 0.005: steps
// that large only diverge.
const maxLearningRate = 1e3

// isSet reports whether the flag name was given on the command line.
func isSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// isTerminal reports whether w is a terminal, where a progress bar can
// redraw itself; into a file or a pipe it would write every frame.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func usageError(fs *flag.FlagSet, err error) int {
	fmt.Fprintln(fs.Output(), "activation-demo:", err)
	fs.Usage()
	return 2
}

// check reports the first flag value that cannot work, and makes sure the
// output folder is writable before any training time is spent.
func (cfg config) check() error {
	switch {
	case cfg.csv == "" && cfg.data != "iris" && cfg.data != "spirals":
		return fmt.Errorf("unknown dataset %q (want iris or spirals)", cfg.data)
	case activations[cfg.activation] == nil:
		return fmt.Errorf("unknown activation %q (want %s)", cfg.activation, strings.Join(activationNames(), ", "))
	case cfg.epochs <= 0:
		return fmt.Errorf("-epochs is %d, want at least 1", cfg.epochs)
	case cfg.batch <= 0:
		return fmt.Errorf("-batch is %d, want at least 1", cfg.batch)
	case !(cfg.lr > 0 && cfg.lr < maxLearningRate):
		return fmt.Errorf("-lr is %v, want a learning rate above 0 and below %v", cfg.lr, maxLearningRate)
	case !slices.Contains([]string{"adam", "momentum"}, cfg.optimizer):
		return fmt.Errorf("unknown optimizer %q (want adam or momentum)", cfg.optimizer)
	}
	if err := os.MkdirAll(cfg.out, 0o755); err != nil {
		return fmt.Errorf("output folder: %v", err)
	}
	probe, err := os.CreateTemp(cfg.out, ".write-test-*")
	if err != nil {
		return fmt.Errorf("output folder %s is not writable: %v", cfg.out, err)
	}
	probe.Close()
	return os.Remove(probe.Name())
}

// result is what a training run produced.
type result struct {
	train, test *dataset
	net         *network
	history     []epochStats
	perEpoch    time.Duration
}

// trainModel loads the data and trains for cfg.epochs, drawing a progress
// bar on progress unless it is nil.
func trainModel(cfg config, progress io.Writer) (*result, error) {
	rng := rand.New(rand.NewPCG(cfg.seed, 0x5eed))
	var data *dataset
	switch {
	case cfg.csv != "":
		var err error
		if data, err = loadCSV(cfg.csv); err != nil {
			return nil, err
		}
	case cfg.data == "spirals":
		data = makeSpirals(250, rng)
	default:
		data = loadIris()
	}
	train, test := split(data, testFraction, rng)
	if len(test.x) == 0 {
		return nil, fmt.Errorf("%s: %d samples are too few: the test set takes a fifth of each class, rounded, which is none here; some class needs at least 3 samples", data.name, len(data.x))
	}
	scale := fitStandardizer(train)
	train, test = scale.apply(train), scale.apply(test)

	net := newNetwork(len(data.features), cfg.hidden, len(data.classes), activations[cfg.activation], rng)
	opt, err := newOptimizer(cfg.optimizer, cfg.lr)
	if err != nil {
		return nil, err
	}
	t := newTrainer(net, opt, cfg.batch, train, test, rng)
	var bar *progressbar.ProgressBar
	if progress != nil {
		bar = progressbar.NewOptions(cfg.epochs,
			progressbar.OptionSetWriter(progress),
			progressbar.OptionSetWidth(30),
			progressbar.OptionShowCount(),
			progressbar.OptionSetPredictTime(false),
			progressbar.OptionOnCompletion(func() { fmt.Fprintln(progress) }),
		)
	}
	start := time.Now()
	for range cfg.epochs {
		s := t.epoch()
		if bar != nil {
			bar.Describe(fmt.Sprintf("loss %.4f  train %5.1f%%  test %5.1f%%", s.trainLoss, 100*s.trainAccuracy, 100*s.testAccuracy))
			bar.Add(1)
		}
	}
	elapsed := time.Since(start)
	return &result{train: train, test: test, net: net, history: t.history, perEpoch: elapsed / time.Duration(cfg.epochs)}, nil
}

// demo trains as cfg says, prints the outcome and writes the pictures.
func demo(cfg config, stdout, stderr io.Writer) error {
	var progress io.Writer
	if !cfg.quiet && isTerminal(stderr) {
		progress = stderr
	}
	res, err := trainModel(cfg, progress)
	if err != nil {
		return err
	}
	d := res.train
	fmt.Fprintf(stdout, "data      %s: %d features, %d classes, %d training and %d test samples\n",
		d.name, len(d.features), len(d.classes), len(res.train.x), len(res.test.x))
	fmt.Fprintf(stdout, "network   %s, %s, learning rate %g, batches of %d\n", describe(cfg, d), cfg.optimizer, cfg.lr, cfg.batch)
	last := res.history[len(res.history)-1]
	fmt.Fprintf(stdout, "test      accuracy %.1f%% (%d of %d), loss %.4f\n",
		100*last.testAccuracy, int(last.testAccuracy*float64(len(res.test.x))+0.5), len(res.test.x), last.testLoss)
	fmt.Fprintf(stdout, "time      %v per epoch, %d epochs\n", res.perEpoch.Round(time.Microsecond), cfg.epochs)

	files := []string{"loss.png", "accuracy.png", "activations.png"}
	if err := plotCurves(cfg.out, res.history); err != nil {
		return err
	}
	if err := plotActivations(cfg.out); err != nil {
		return err
	}
	regions := filepath.Join(cfg.out, "regions.png")
	if len(d.features) == 2 {
		if err := plotRegions(cfg.out, res.net, res.train); err != nil {
			return err
		}
		files = append(files, "regions.png")
	} else if err := os.Remove(regions); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err // an earlier run's picture of other data would stay beside this run's
	}
	for i := range files {
		files[i] = filepath.Join(cfg.out, files[i])
	}
	fmt.Fprintf(stdout, "pictures  %s\n", strings.Join(files, " "))
	return nil
}

// describe returns the network's shape, such as 4-16-16-3 tanh + softmax.
func describe(cfg config, d *dataset) string {
	widths := []string{strconv.Itoa(len(d.features))}
	for _, w := range cfg.hidden {
		widths = append(widths, strconv.Itoa(w))
	}
	widths = append(widths, strconv.Itoa(len(d.classes)))
	return strings.Join(widths, "-") + " dense, " + cfg.activation + " between, softmax cross-entropy out"
}
