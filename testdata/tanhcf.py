"""Derives the polynomials of Tanhshrink (shrink.go) from Lambert's
continued fraction for tanh,

    tanh a = a / (1 + t/(3 + t/(5 + ... + t/(2n+1)))),  t = a^2,

taken to n = 10 levels. Written from the bottom up as N/D, the fraction
gives tanh a = a N(t)/Q(t) and a - tanh a = a t P(t)/Q(t), with P = D and
Q = N + t P: polynomials whose coefficients are positive whole numbers. On
|a| <= 1.25, where Tanhshrink uses them, the truncated fraction is within
2^-64 of a - tanh a; this script prints that bound and the coefficients,
and those of E = (Q - 3P)/t, for 1/3 - P/Q = t E/(3Q).

    python3 testdata/tanhcf.py    # needs python3-mpmath
"""
import mpmath as mp

N_LEVELS = 10
TOP = mp.mpf("1.25")


def times_t(p):
    return [0] + p


def add(p, q):
    n = max(len(p), len(q))
    return [(p[i] if i < len(p) else 0) + (q[i] if i < len(q) else 0) for i in range(n)]


def scale(p, c):
    return [c * v for v in p]


def value(p, t):
    return sum(c * t**k for k, c in enumerate(p))


num, den = [2 * N_LEVELS + 1], [1]
for k in range(N_LEVELS - 1, 0, -1):
    num, den = add(scale(num, 2 * k + 1), times_t(den)), num
P = den
Q = add(num, times_t(den))
E = [q - 3 * p for q, p in zip(Q, P + [0] * (len(Q) - len(P)))]
assert E[0] == 0 and all(c > 0 for c in P + Q + E[1:])
E = E[1:]
assert max(P + Q + E) < 2**53  # exact in float64

mp.mp.dps = 50
worst = 0
for i in range(1, 5001):
    a = TOP * i / 5000
    t = a * a
    worst = max(worst, abs(a * t * value(P, t) / value(Q, t) / (a - mp.tanh(a)) - 1))
print("relative error on (0, %s]: 2^%s" % (TOP, mp.nstr(mp.log(worst, 2), 4)))
print("P =", P)
print("Q =", Q)
print("E =", E)
