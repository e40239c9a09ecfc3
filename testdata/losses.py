"""Writes losses.txt, the cases of TestLossTable: CrossEntropyLabels and
BinaryCrossEntropy on fixed batches, each with its loss and gradient
computed from the definitions in 50-digit arithmetic and rounded once to
float64, and, for each entry of the gradient, the magnitude of the terms
whose difference it is (the test allows 4 ulp of that).

The batches are those of PyTorch's own tests of cross_entropy and
binary_cross_entropy_with_logits (test_nn.py: the label-smoothing tests
with weights and ignored indices, the agreement of index and probability
targets, the gradient at zero, the stability at -120), and the tails:
logits of ±800, ±1e300 and -Inf, probabilities below the normal range,
ignored labels and batches where every label is ignored.

    python3 testdata/losses.py                 # needs python3-mpmath
    python3 testdata/losses.py --check-torch   # also compares with PyTorch

--check-torch prints, for each case PyTorch computes finitely, how far
PyTorch's float64 result is from the reference, relative to the scale:
the definitions here are PyTorch's.
"""
import math
import random
import sys

import mpmath as mp

mp.mp.dps = 50
INF = float("inf")


def f64(v):
    """v rounded once to float64 (through 40 digits: the string is
    correctly rounded, and so is float's parse of it)."""
    if mp.isinf(v) or mp.isnan(v):
        return float(v)
    return float(mp.nstr(v, 40)) if v != 0 else 0.0


def term(c, v):
    """c·v, but 0 where c is 0 and v infinite: a term with a zero weight or
    target adds nothing."""
    return mp.mpf(0) if c == 0 and mp.isinf(v) else c * v


def log_softmax(row):
    """z - log Σ e^z, z = x - max x, and e^z, for a row of finite values and
    -Inf; log Σ e^z is log1p of the sum without one maximum, whose 1 would
    swamp the rest."""
    m = max(v for v in row if v != -INF)
    z = [None if v == -INF else mp.mpf(v) - m for v in row]
    e = [mp.mpf(0) if zj is None else mp.exp(zj) for zj in z]
    top = row.index(m)
    rest = mp.fsum(e[j] for j in range(len(row)) if j != top)
    log_sum = mp.log1p(rest)
    logp = [-mp.inf if zj is None else zj - log_sum for zj in z]
    return logp, e, rest + 1


def cross_entropy_labels(r, c, logits, labels, weights, ignore, eps, reduction):
    eps = mp.mpf(eps)
    w = [mp.mpf(1)] * c if weights is None else [mp.mpf(v) for v in weights]
    kept = [i for i in range(r) if not (ignore is not None and labels[i] == ignore)]
    d = mp.fsum(w[labels[i]] for i in kept) if reduction == "mean" else mp.mpf(1)
    total = mp.mpf(0)
    grad, scale = [0.0] * (r * c), [0.0] * (r * c)
    for i in kept:
        row, y = logits[i * c:(i + 1) * c], labels[i]
        logp, e, s = log_softmax(row)
        q = [eps / c + ((1 - eps) if k == y else 0) for k in range(c)]
        total -= mp.fsum(term(w[k] * q[k], logp[k]) for k in range(c))
        wq = mp.fsum(w[k] * q[k] for k in range(c))
        for k in range(c):
            if k == y:
                # softmax·Σwq - w_y·q_y = (ε/C)·Σ_(k≠y) w_k - (1 - softmax_y)·Σwq,
                # with 1 - softmax_y summed, not subtracted.
                other = mp.fsum(e[j] for j in range(c) if j != y) / s
                a, b = eps / c * (mp.fsum(w) - w[y]), other * wq
            else:
                a, b = e[k] / s * wq, w[k] * q[k]
            grad[i * c + k] = (a - b) / d if d != 0 else mp.nan
            scale[i * c + k] = (a + b) / d if d != 0 else mp.nan
    loss = total / d if d != 0 else mp.nan
    return loss, grad, scale


def softplus(x):
    if x == INF:
        return mp.inf
    if x == -INF:
        return mp.mpf(0)
    return mp.log1p(mp.exp(x))


def sigmoid(x):
    if abs(x) == INF:
        return mp.mpf(1 if x > 0 else 0)
    return 1 / (1 + mp.exp(-mp.mpf(x)))


def binary_cross_entropy(r, c, logits, target, posweights, weights, reduction):
    n = r * c if reduction == "mean" else 1
    total = mp.mpf(0)
    grad, scale = [], []
    for k, x in enumerate(logits):
        t = mp.mpf(target[k])
        w = mp.mpf(1 if weights is None else weights[k])
        p = mp.mpf(1 if posweights is None else posweights[k % c])
        pos, neg = w * p * t, w * (1 - t)
        total += term(pos, softplus(-x)) + term(neg, softplus(x))
        a, b = neg * sigmoid(x), pos * sigmoid(-x)
        grad.append((a - b) / n)
        scale.append((a + b) / n)
    return total / n, grad, scale


def torch_values(case):
    import torch
    import torch.nn.functional as F
    x = torch.tensor(case["logits"], dtype=torch.float64).reshape(case["r"], case["c"]).requires_grad_()
    if case["kind"] == "ce":
        kw = dict(reduction=case["reduction"], label_smoothing=case["smoothing"],
                  ignore_index=-100 if case["ignore"] is None else case["ignore"])
        if case["weights"] is not None:
            kw["weight"] = torch.tensor(case["weights"], dtype=torch.float64)
        loss = F.cross_entropy(x, torch.tensor(case["labels"]), **kw)
    else:
        kw = dict(reduction=case["reduction"])
        if case["posweights"] is not None:
            kw["pos_weight"] = torch.tensor(case["posweights"], dtype=torch.float64)
        if case["weights"] is not None:
            kw["weight"] = torch.tensor(case["weights"], dtype=torch.float64).reshape(case["r"], case["c"])
        loss = F.binary_cross_entropy_with_logits(x, torch.tensor(case["target"], dtype=torch.float64).reshape(case["r"], case["c"]), **kw)
    loss.backward()
    return loss.item(), x.grad.flatten().tolist()


CASES = []


def ce(name, r, c, logits, labels, weights=None, ignore=None, smoothing=0.0, reduction="mean"):
    CASES.append(dict(kind="ce", name=name, r=r, c=c, logits=[float(v) for v in logits], labels=labels,
                      weights=weights, ignore=ignore, smoothing=smoothing, reduction=reduction))


def bce(name, r, c, logits, target, posweights=None, weights=None, reduction="mean"):
    CASES.append(dict(kind="bce", name=name, r=r, c=c, logits=[float(v) for v in logits], target=target,
                      posweights=posweights, weights=weights, reduction=reduction))


rng = random.Random(2026)


def normals(n, scale=1.0):
    return [scale * rng.gauss(0, 1) for _ in range(n)]


# PyTorch's test_cross_entropy_label_smoothing_weight_ignore_indices: the
# ignored row's logits change nothing, and the mean does not count it.
for red in ("mean", "sum"):
    for eps in (0.05, 0.15):
        for wgt in (None, [0.3, 0.6]):
            for ign, lab in ((-100, -100), (-2, -2), (2, 2)):
                for k, first in enumerate(([0.3, 0.4], [0.3, 0.6])):
                    ce(f"torch-ignore-{red}-{eps}-{wgt is not None}-{ign}-{k}", 2, 2, first + [1, 2], [lab, 1], wgt, ign, eps, red)
                ce(f"torch-ignore-{red}-{eps}-{wgt is not None}-{ign}-alone", 1, 2, [1, 2], [1], wgt, ign, eps, red)
# PyTorch's test_cross_entropy_label_smoothing_consistent_index_target_and_probs
# (N, C = 10, 4), and its criterion tests of CrossEntropyLoss on 15 x 10
# with weights and an ignored class.
for red in ("mean", "sum"):
    for eps in (0.0, 0.05, 0.15):
        ce(f"torch-index-{red}-{eps}", 10, 4, normals(40), [rng.randrange(4) for _ in range(10)], None, None, eps, red)
    weights = [rng.random() for _ in range(10)]
    labels = [rng.randrange(10) for _ in range(15)]
    for eps in (0.0, 0.3):
        ce(f"torch-criterion-{red}-{eps}", 15, 10, normals(150), labels, weights, None, eps, red)
        ce(f"torch-criterion-ignore-{red}-{eps}", 15, 10, normals(150), labels, weights, labels[0], eps, red)
ce("smoothing 1", 4, 5, normals(20, 3), [0, 4, 2, 1], [1, 2, 3, 4, 0.5], None, 1.0)
ce("one class", 3, 1, normals(3), [0, 0, 0], None, None, 0.2)
ce("wide", 3, 120, normals(360, 10), [7, 100, 119], [rng.random() for _ in range(120)], 100, 0.1)
# The tails.
ce("800", 1, 3, [800, 0, 1], [2])
ce("800 smoothed", 1, 3, [800, 0, 1], [2], None, None, 0.1)
ce("40 at the label", 2, 2, [40, 0, 0, 37.5], [0, 1])
ce("40 at the label, weighted", 2, 2, [40, 0, 0, 37.5], [0, 1], [3, 0.25], None, 0.0, "sum")
ce("1e300", 2, 3, [1e300, -1e300, 0, -1e300, 1e300, 5], [1, 1], None, None, 0.01)
ce("-Inf elsewhere", 2, 3, [-INF, 2, 1, 3, -INF, -INF], [1, 0])
ce("-Inf at the label", 2, 3, [-INF, 2, 1, 3, 1, 0], [0, 1])
ce("-Inf smoothed", 2, 3, [-INF, 2, 1, 3, 1, 0], [1, 0], None, None, 0.1)
ce("-Inf of weight 0", 2, 3, [-INF, 2, 1, 3, 1, -INF], [1, 0], [0, 1, 0], None, 0.1)
ce("subnormal probabilities", 3, 3, [0, -740, -720, -745, 0, -744.4, 0, -1000, -708.5], [0, 1, 0], None, None, 0.0, "sum")
ce("subnormal at the label", 2, 2, [745, 0, 0, -744], [1, 0])
ce("ignored rows", 4, 3, normals(12), [-100, 2, -100, 0], [0.5, 1, 2], -100, 0.2)
ce("ignored class", 4, 3, normals(12), [0, 2, 1, 0], None, 0, 0.2)
ce("all ignored, mean", 2, 3, normals(6), [-1, -1], None, -1)
ce("all ignored, sum", 2, 3, normals(6), [-1, -1], None, -1, 0.3, "sum")
ce("labels of weight 0", 2, 3, normals(6), [1, 1], [1, 0, 2], None, 0.0)

# PyTorch's test_bce_with_logits_has_correct_grad_at_zero, with and
# without pos_weight, test_bce_with_logits_stability, and the agreement with
# BCELoss on 16 x 4 with weights per column and pos_weight 64 x 4.
bce("torch-grad-at-zero", 3, 1, [0, 0, 0], [0, 0, 0], None, None, "sum")
bce("torch-grad-at-zero-pos-weight", 3, 1, [0, 0, 0], [0, 0, 0], [1], None, "sum")
bce("torch-stability", 1, 2, [0, -120], [0, 1])
bce("torch-stability-pos-weight", 1, 2, [0, -120], [0, 1], [1, 1])
column = [rng.random() for _ in range(4)]
bce("torch-weights", 16, 4, [rng.random() - 0.5 for _ in range(64)], [rng.random() for _ in range(64)],
    None, [column[k % 4] for k in range(64)])
bce("torch-pos-weights", 64, 4, [rng.random() - 0.5 for _ in range(256)], [rng.random() for _ in range(256)],
    [rng.random() for _ in range(4)])
for red in ("mean", "sum"):
    bce(f"soft-{red}", 5, 7, normals(35, 4), [rng.random() for _ in range(35)],
        [2 * rng.random() for _ in range(7)], [2 * rng.random() for _ in range(35)], red)
    bce(f"hard-{red}", 6, 5, normals(30, 20), [float(rng.randrange(2)) for _ in range(30)],
        [3 * rng.random() for _ in range(5)], None, red)
# The tails.
bce("800", 2, 2, [-800, 800, 800, -800], [1, 0, 1, 0], None, None, "sum")
bce("1e300", 2, 2, [-1e300, 1e300, 1e300, -1e300], [1, 0, 0.5, 0.25], [3, 0.5], None, "sum")
bce("Inf", 2, 2, [INF, -INF, INF, -INF], [1, 0, 0.5, 0.5], [2, 0])
bce("Inf of weight 0", 1, 2, [INF, -INF], [0, 1], None, [0, 0], "sum")
bce("40", 2, 2, [40, -40, -40, 40], [1, 0, 1, 0], None, None, "sum")
bce("subnormal σ", 2, 3, [-740, 745, -744.4, 720, -708.5, -745.1], [0, 1, 0, 1, 0.5, 0], [1, 2, 0.5], None, "sum")
bce("near the minimum", 2, 2, [0.5, -1.5, 2, 1e-8], [0.6224593312018546, 0.18242552380635635, 0.75, 0.5],
    None, None, "sum")


def line(key, values):
    return " ".join([key] + [repr(v) for v in values])


def main():
    check_torch = "--check-torch" in sys.argv
    out = ["# The cases of TestLossTable, written by losses.py: see there."]
    for case in CASES:
        r, c = case["r"], case["c"]
        out.append("")
        out.append(f"case {case['kind']} {case['name']}")
        out.append(f"reduction {case['reduction']}")
        out.append(f"shape {r} {c}")
        out.append(line("logits", case["logits"]))
        if case["kind"] == "ce":
            loss, grad, scale = cross_entropy_labels(r, c, case["logits"], case["labels"], case["weights"],
                                                     case["ignore"], case["smoothing"], case["reduction"])
            out.append(line("labels", case["labels"]))
            out.append(line("weights", case["weights"] or []))
            out.append("ignore " + ("none" if case["ignore"] is None else str(case["ignore"])))
            out.append(line("smoothing", [float(case["smoothing"])]))
        else:
            loss, grad, scale = binary_cross_entropy(r, c, case["logits"], case["target"], case["posweights"],
                                                     case["weights"], case["reduction"])
            out.append(line("target", [float(v) for v in case["target"]]))
            out.append(line("posweights", [float(v) for v in case["posweights"] or []]))
            out.append(line("weights", [float(v) for v in case["weights"] or []]))
        out.append(line("loss", [f64(loss)]))
        out.append(line("grad", [f64(v) if not isinstance(v, float) else v for v in grad]))
        out.append(line("scale", [f64(v) if not isinstance(v, float) else v for v in scale]))
        if check_torch:
            tl, tg = torch_values(case)
            if math.isfinite(tl) and all(math.isfinite(v) for v in tg):
                err = max([abs(tl - f64(loss)) / abs(f64(loss)) if loss != 0 else abs(tl)] +
                          [abs(g - f64(w)) / f64(s) for g, w, s in zip(tg, grad, scale) if f64(s) != 0])
                print(f"{case['kind']} {case['name']}: PyTorch within {err:.2g} of the reference", file=sys.stderr)
            else:
                print(f"{case['kind']} {case['name']}: PyTorch gives {tl}, {tg[:4]}...", file=sys.stderr)
    with open(__file__.rsplit("/", 1)[0] + "/losses.txt" if "/" in __file__ else "losses.txt", "w") as f:
        f.write("\n".join(out) + "\n")


main()
