//go:build !noasm

#include "textflag.h"
#include "kernels_arm64.h"

// func softsignVector(y, dy, x []float64) int
// As sigmoidVector for y = x/(1+|x|) and dy = r·r, r = 1/(1+|x|), as
// softsign does for finite x: it stops at an infinity or a NaN.
TEXT ·softsignVector(SB), NOSPLIT, $0-80
	RETURN_ZERO_WITHOUT_VECTORS(ret+72(FP))
	PAIR_ARGS
	FMOVD $1.0, F16
	VDUP V16.D[0], V16.D2
	MOVD $0x7ff0000000000000, R9
	VDUP R9, V15.D2 // +Inf
loop:
	NEXT_TWO(done)
	VLD1 (R3), [V0.D2]
	FABS2(0, 1)
	FCMGT2(1, 15, 2) // |x| < Inf: false for NaN
	IN_RANGE(2, done)
	FADD2(16, 1, 1) // d = 1 + |x|
	FDIV2(1, 0, 8)
	FDIV2(1, 16, 9) // r = 1/d
	FMUL2(9, 9, 9)
	STORE_PAIR
	B loop
done:
	RETURN_COUNT(ret+72(FP))
