"""Prints sin.go's tables: the first 1280 bits of the fraction of 2/π in
twenty 64-bit words (after a word of zeros, the integer part), for the
Payne-Hanek reduction of sin and cos, and π/2 split in three float64,
each the nearest to what the ones before leave, for the Cody-Waite
reduction. TestTwoOverPiTable checks both against math/big.

    python3 testdata/twooverpi.py    # needs python3-mpmath
"""
import mpmath as mp

mp.mp.prec = 1600
f = 2 / mp.pi
words = []
for _ in range(20):
    f *= 2**64
    w = int(mp.floor(f))
    words.append(w)
    f -= w
print("var twoOverPi = [21]uint64{")
print("\t0,")
for i in range(0, 20, 4):
    print("\t" + " ".join("0x%016x," % w for w in words[i:i + 4]))
print("}")

rest = mp.pi / 2
for name in ("pio2Hi", "pio2Mid", "pio2Lo"):
    part = float(rest)
    print("%s = %r" % (name, part))
    rest -= mp.mpf(part)
