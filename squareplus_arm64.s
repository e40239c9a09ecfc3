//go:build !noasm

#include "textflag.h"
#include "kernels_arm64.h"

// func squareplusVector(y, dy, x []float64, b, lo, hi float64) int
// Sets y and dy as squareplus does where it needs no scaling, that is for
// lo <= |x| <= hi: s = √(x² + b), y = (x+s)·1/2 and dy = (1 + x/s)·1/2 for
// x >= 0, y = b/d and dy = (b/s)/d, d = 2(s - x), for x < 0; two at a
// time. It stops at an |x| out of [lo, hi], or NaN.
TEXT ·squareplusVector(SB), NOSPLIT, $0-104
	RETURN_ZERO_WITHOUT_VECTORS(ret+96(FP))
	PAIR_ARGS
	MOVD $b+72(FP), R9
	VLD1R.P 8(R9), [V10.D2]
	VLD1R.P 8(R9), [V11.D2] // lo
	VLD1R (R9), [V12.D2] // hi
	FMOVD $1.0, F16
	VDUP V16.D[0], V16.D2
	FMOVD $0.5, F6
	VDUP V6.D[0], V6.D2
	VEOR V5.B16, V5.B16, V5.B16
loop:
	NEXT_TWO(done)
	VLD1 (R3), [V0.D2]
	FABS2(0, 1)
	FCMGE2(11, 1, 2) // |x| >= lo
	FCMGE2(1, 12, 3) // |x| <= hi
	AND2(3, 2, 2)
	IN_RANGE(2, done)
	MOV2(10, 1)
	FMLA2(0, 0, 1)
	FSQRT2(1, 1) // s
	FADD2(1, 0, 8)
	FMUL2(6, 8, 8) // (x+s)/2
	FSUB2(0, 1, 3)
	FADD2(3, 3, 3) // d
	FDIV2(3, 10, 4) // b/d
	FCMGE2(5, 0, 7) // x >= 0
	BIF2(7, 4, 8)
	FDIV2(1, 0, 9)
	FADD2(16, 9, 9)
	FMUL2(6, 9, 9) // (1 + x/s)/2
	FDIV2(1, 10, 4)
	FDIV2(3, 4, 4) // (b/s)/d
	BIF2(7, 4, 9)
	STORE_PAIR
	B loop
done:
	RETURN_COUNT(ret+96(FP))
