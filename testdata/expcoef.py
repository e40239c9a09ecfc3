"""Finds the coefficients of expNeg's polynomial (vector.go): e^r is
approximated as 1 + r + r^2 (c0 + c1 r + ... + c9 r^9) on |r| <= ln2/2,
minimax for the relative error, by the Remez exchange in 60-digit
arithmetic. Rounding all ten to float64 at once would lose 1.6 bits, so
they are fixed one by one: c0, c1, c2 and c3 are rounded in turn, the rest
found again after each. Prints the coefficients and the relative error of
e^r that the float64 coefficients leave (2^-57.9).

    python3 testdata/expcoef.py    # needs python3-mpmath
"""
import mpmath as mp

mp.mp.dps = 60
A, B = -mp.log(2) / 2, mp.log(2) / 2
N = 10


def error(c, r):
    q = mp.mpf(0)
    for ck in reversed(c):
        q = q * r + ck
    return (1 + r + r * r * q - mp.exp(r)) / mp.exp(r)


def extrema(c, n=4000):
    """The points where |error| peaks, alternating in sign, ends included."""
    h = (B - A) / n
    xs = [A + h * i for i in range(n + 1)]
    es = [error(c, x) for x in xs]
    peaks = []
    for i, e in enumerate(es):
        if e == 0:
            continue
        if all(abs(e) >= abs(es[j]) or mp.sign(es[j]) != mp.sign(e) for j in (i - 1, i + 1) if 0 <= j <= n):
            if peaks and mp.sign(peaks[-1][1]) == mp.sign(e):
                if abs(e) > abs(peaks[-1][1]):
                    peaks[-1] = (xs[i], e)
            else:
                peaks.append((xs[i], e))
    out = []
    for x, _ in peaks:  # refine by golden-section search
        lo, hi = max(A, x - h), min(B, x + h)
        for _ in range(60):
            m1, m2 = lo + (hi - lo) * 0.382, lo + (hi - lo) * 0.618
            if abs(error(c, m1)) > abs(error(c, m2)):
                hi = m2
            else:
                lo = m1
        t = (lo + hi) / 2
        out.append(A if abs(x - A) < h / 2 else B if abs(x - B) < h / 2 else t)
    return out


def remez(fixed, start):
    """Minimax c with c[:len(fixed)] = fixed, from the coefficients start."""
    f = len(fixed)
    c = start
    for _ in range(12):
        ref = extrema(c)
        while len(ref) > N + 1 - f:  # drop the smaller end
            ref = ref[1:] if abs(error(c, ref[0])) < abs(error(c, ref[-1])) else ref[:-1]
        rows, rhs = [], []
        for i, x in enumerate(ref):
            ex = mp.exp(x)
            known = sum(fixed[k] * x ** (k + 2) for k in range(f))
            rows.append([x ** (k + 2) for k in range(f, N)] + [(-1) ** (i + 1) * ex])
            rhs.append(ex - 1 - x - known)
        sol = mp.lu_solve(mp.matrix(rows), mp.matrix(rhs))
        c = list(fixed) + [sol[k] for k in range(N - f)]
    return c


def q(r):
    return mp.mpf(1) / 2 if r == 0 else (mp.exp(r) - 1 - r) / r ** 2


c = list(mp.chebyfit(q, [A, B], N)[::-1])
c = remez([], c)
for f in range(1, 5):
    c = remez([mp.mpf(float(ck)) for ck in c[:f]], c)
c = [float(ck) for ck in c]
worst = max(abs(error([mp.mpf(x) for x in c], A + (B - A) * i / 4000)) for i in range(4001))
for ck in c:
    print(repr(ck))
print("relative error of e^r: 2^%.2f" % float(mp.log(worst, 2)))
