"""The other side of bench/compare: one training step (forward, then backward)
of each layer in PyTorch (CPU) and, for the six layers of the original Python
library, in NumPy, on the shapes and with the dtype and threads that the Go
side passes. Prints "layer shape who ns_per_element" lines, the median of five
runs. Gated layers take 2c columns and are timed per output element;
CrossEntropy is the loss against soft targets, CrossEntropyLabels against
class labels, BinaryCrossEntropy BCEWithLogits against 0/1 targets, per
logit. The activations of today's models that PyTorch lacks are written as
Hugging Face transformers, gpt-oss and BigVGAN write them.

    python3 anchors.py THREADS float64|float32 ROWSxCOLS ..."""
import math
import sys
import time
import warnings

import numpy as np
import torch
import torch.nn.functional as F

warnings.simplefilter("ignore")
threads, dtype = int(sys.argv[1]), sys.argv[2]
shapes = [tuple(int(n) for n in s.split("x")) for s in sys.argv[3:]]
torch.set_num_threads(threads)
tdt = {"float64": torch.float64, "float32": torch.float32}[dtype]
ndt = {"float64": np.float64, "float32": np.float32}[dtype]


def timeit(step, n):
    step()
    reps = max(3, int(2e7 // n))
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        for _ in range(reps):
            step()
        times.append((time.perf_counter() - t0) / reps)
    return sorted(times)[2] / n * 1e9


def half(f):
    return lambda x: f(*x.chunk(2, dim=1))


# The step of each layer as PyTorch has it, by the library's names.
TORCH = {
    "ReLU": F.relu, "LeakyReLU": lambda x: F.leaky_relu(x, 0.1), "ELU": F.elu, "SELU": F.selu,
    "CELU": lambda x: F.celu(x, 0.3), "GELU": F.gelu, "GELUTanh": lambda x: F.gelu(x, approximate="tanh"),
    "Softplus": F.softplus, "Mish": F.mish, "HardSigmoid": F.hardsigmoid, "HardSwish": F.hardswish,
    "Swish": F.silu, "Tanh": torch.tanh, "Sigmoid": torch.sigmoid, "ReLU6": F.relu6,
    "Hardtanh": lambda x: F.hardtanh(x, -1, 1), "Threshold": lambda x: F.threshold(x, 0.5, -1),
    "Softshrink": lambda x: F.softshrink(x, 0.5), "Hardshrink": lambda x: F.hardshrink(x, 0.5),
    "LogSigmoid": F.logsigmoid, "Softsign": F.softsign, "Tanhshrink": F.tanhshrink,
    "Softmax": lambda x: F.softmax(x, dim=1), "LogSoftmax": lambda x: F.log_softmax(x, dim=1),
    "Softmin": lambda x: F.softmin(x, dim=1),
    "GLU": lambda x: F.glu(x, dim=1), "SwiGLU": half(lambda a, b: F.silu(a) * b),
    "GEGLU": half(lambda a, b: F.gelu(a) * b), "ReGLU": half(lambda a, b: F.relu(a) * b),
    "ReLUSquared": lambda x: torch.square(F.relu(x)),
    "QuickGELU": lambda x: x * torch.sigmoid(1.702 * x),
    "Softcap": lambda x: torch.tanh(x / 30.0) * 30.0,
    "ClippedGELU": lambda x: torch.clip(F.gelu(x), -10, 10),
    "Laplace": lambda x: 0.5 * (1.0 + torch.erf((x - 0.707107).div(0.282095 * math.sqrt(2.0)))),
    "GEGLUTanh": half(lambda a, b: F.gelu(a, approximate="tanh") * b),
    "ClampedSwiGLU": lambda x: clamped_swiglu(x, 1.702, 7.0),
}
GATED = {"GLU", "SwiGLU", "GEGLU", "ReGLU", "GEGLUTanh", "ClampedSwiGLU"}


def clamped_swiglu(x, alpha, limit):
    """gpt-oss's swiglu: gate and linear parts interleaved."""
    x_glu, x_linear = x[..., ::2], x[..., 1::2]
    x_glu = x_glu.clamp(min=None, max=limit)
    x_linear = x_linear.clamp(min=-limit, max=limit)
    return x_glu * torch.sigmoid(alpha * x_glu) * (x_linear + 1)


class XIELU(torch.nn.Module):
    """Hugging Face's XIELUActivation, its Python path, in the run's dtype."""

    def __init__(self, alpha_p=0.8, alpha_n=0.8, beta=0.5, eps=-1e-6):
        super().__init__()
        self.alpha_p = torch.nn.Parameter(torch.log(torch.expm1(torch.tensor(alpha_p, dtype=tdt))))
        self.alpha_n = torch.nn.Parameter(torch.log(torch.expm1(torch.tensor(alpha_n - beta, dtype=tdt))))
        self.beta, self.eps = beta, torch.tensor(eps, dtype=tdt)

    def forward(self, x):
        alpha_p = F.softplus(self.alpha_p)
        alpha_n = self.beta + F.softplus(self.alpha_n)
        return torch.where(x > 0, alpha_p * x * x + self.beta * x,
                           (torch.expm1(torch.min(x, self.eps)) - x) * alpha_n + self.beta * x)


class Snake(torch.nn.Module):
    """BigVGAN's Snake, α learned per feature (here the columns)."""

    def __init__(self, features):
        super().__init__()
        self.alpha = torch.nn.Parameter(torch.ones(features, dtype=tdt))

    def forward(self, x):
        return x + (1.0 / (self.alpha + 1e-9)) * torch.pow(torch.sin(x * self.alpha), 2)


# The original library's layers, as its module computes them.
def sigmoid(x):
    return 1 / (1 + np.exp(-x))


class Elementwise:
    def __init__(self, f, df):
        self.f, self.df = f, df

    def forward(self, x):
        self.x = x
        return self.f(x)

    def backward(self, g):
        return g * self.df(self.x)


class Softmax:
    def forward(self, x):
        e = np.exp((x - x.max(axis=1, keepdims=True)) / (1.0 + 1e-8))
        self.y = e / e.sum(axis=1, keepdims=True)
        return self.y

    def backward(self, g):
        return self.y * (g - (self.y * g).sum(axis=1, keepdims=True)) / (1.0 + 1e-8)


NUMPY = {
    "ReLU": lambda: Elementwise(lambda x: np.maximum(0, x), lambda x: (x > 0).astype(x.dtype)),
    "PReLU": lambda: Elementwise(lambda x: np.maximum(0.01 * x, x), lambda x: np.where(x > 0, 1, 0.01).astype(x.dtype)),
    "Swish": lambda: Elementwise(lambda x: x * sigmoid(x), lambda x: sigmoid(x) * (1 + x * (1 - sigmoid(x)))),
    "Tanh": lambda: Elementwise(np.tanh, lambda x: 1 - np.tanh(x) ** 2),
    "Sigmoid": lambda: Elementwise(sigmoid, lambda x: sigmoid(x) * (1 - sigmoid(x))),
    "Softmax": Softmax,
}

rng = np.random.default_rng(1)
for r, c in shapes:
    x = (rng.standard_normal((r, c)) * 3).astype(ndt)
    g = rng.standard_normal((r, c)).astype(ndt)
    x2 = (rng.standard_normal((r, 2 * c)) * 3).astype(ndt)
    tx, tg, tx2 = torch.tensor(x), torch.tensor(g), torch.tensor(x2)
    layers = dict(TORCH)
    layers["PReLU"] = torch.nn.PReLU(init=0.01).to(tdt)
    layers["PReLUPerFeature"] = torch.nn.PReLU(num_parameters=c, init=0.25).to(tdt)
    layers["XIELU"] = XIELU()
    layers["Snake"] = Snake(c)
    for name, f in layers.items():
        src = tx2 if name in GATED else tx

        def step(f=f, src=src):
            xx = src.detach().requires_grad_(True)
            f(xx).backward(tg)
        print(f"{name} {r}x{c} torch {timeit(step, r * c):.4f}", flush=True)
    target = torch.tensor(np.abs(rng.standard_normal((r, c))).astype(ndt))
    target /= target.sum(dim=1, keepdim=True)

    def ce():
        xx = tx.detach().requires_grad_(True)
        F.cross_entropy(xx, target).backward()
    print(f"CrossEntropy {r}x{c} torch {timeit(ce, r * c):.4f}", flush=True)
    labels = torch.tensor(rng.integers(0, c, r))
    bits = torch.tensor(rng.integers(0, 2, (r, c)).astype(ndt))

    def cel():
        xx = tx.detach().requires_grad_(True)
        F.cross_entropy(xx, labels).backward()

    def bce():
        xx = tx.detach().requires_grad_(True)
        F.binary_cross_entropy_with_logits(xx, bits).backward()
    print(f"CrossEntropyLabels {r}x{c} torch {timeit(cel, r * c):.4f}", flush=True)
    print(f"BinaryCrossEntropy {r}x{c} torch {timeit(bce, r * c):.4f}", flush=True)
    for name, make in NUMPY.items():
        layer = make()

        def step(layer=layer):
            layer.forward(x)
            layer.backward(g)
        print(f"{name} {r}x{c} numpy {timeit(step, r * c):.4f}", flush=True)
