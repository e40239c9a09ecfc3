//go:build !noasm

#include "textflag.h"
#include "kernels_arm64.h"

// func sparsePlusVector(y, dy, x []float64) int
// Sets y = 0, h² or x and, unless dy is empty, dy = 0, h or 1, for
// x <= -1, -1 < x < 1 and x >= 1, h = (x+1)/2, two at a time, as
// sparsePlus does; returns how many it did.
TEXT ·sparsePlusVector(SB), NOSPLIT, $0-80
	RETURN_ZERO_WITHOUT_VECTORS(ret+72(FP))
	PAIR_ARGS
	FMOVD $1.0, F16
	VDUP V16.D[0], V16.D2
	FMOVD $0.5, F6
	VDUP V6.D[0], V6.D2
	VEOR V5.B16, V5.B16, V5.B16
	FNEG2(16, 4) // -1
loop:
	NEXT_TWO(done)
	VLD1 (R3), [V0.D2]
	FADD2(16, 0, 9)
	FMUL2(6, 9, 9) // h
	FMUL2(9, 9, 8) // h²
	FCMGE2(0, 4, 2) // x <= -1
	FCMGE2(16, 0, 3) // x >= 1
	BIT2(2, 5, 8)
	BIT2(3, 0, 8)
	BIT2(2, 5, 9)
	BIT2(3, 16, 9)
	STORE_PAIR
	B loop
done:
	RETURN_COUNT(ret+72(FP))
