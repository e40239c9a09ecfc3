//go:build !noasm

#include "textflag.h"
#include "kernels_arm64.h"
#include "exp_arm64.h"

// func eluVector(y, dy, x []float64, scale, sa float64) int
// As sigmoidVector for y = scale·x, dy = scale where x > 0 and y = sa·(e^x - 1),
// dy = sa·e^x elsewhere, as eluLoop does for |x| <= 708.
TEXT ·eluVector(SB), NOSPLIT, $0-96
	RETURN_ZERO_WITHOUT_VECTORS(ret+88(FP))
	PAIR_ARGS
	LOAD_EXP_CONSTANTS(240)
	MOVD $scale+72(FP), R9
	VLD1R (R9), [V11.D2]
	MOVD $sa+80(FP), R9
	VLD1R (R9), [V12.D2]
	VEOR V14.B16, V14.B16, V14.B16 // 0
	FNEG2(14, 15) // -0: the sign bits
loop:
	NEXT_TWO(done)
	VLD1 (R3), [V0.D2]
	FABS2(0, 1)
	FCMGE2(1, 31, 2) // 708 >= |x|: false for NaN
	IN_RANGE(2, done)
	EXPPARTS(1, 2, 3, 4, 5, 6, 7) // e^-|x| = 2^k·(1+m): V2, V1
	FSUB2(16, 2, 8)
	FMLA2(1, 2, 8) // e^x - 1 for x <= 0
	BIT2(15, 0, 8) // with the sign of x, for -0
	FMUL2(12, 8, 8) // y for x <= 0
	FADD2(16, 1, 9)
	FMUL2(2, 9, 9)
	FMUL2(9, 12, 9) // y' for x <= 0
	FMUL2(0, 11, 4) // y for x > 0
	FCMGT2(14, 0, 5) // x > 0
	BIT2(5, 4, 8)
	BIT2(5, 11, 9)
	STORE_PAIR
	B loop
done:
	RETURN_COUNT(ret+88(FP))

// func celuVector(y, dy, x []float64, alpha float64) int
// As sigmoidVector for y = x, dy = 1 where x >= 0 and, with u = x/α in
// double-double, y = α(e^u - 1), dy = e^u elsewhere, as celuLoop does for
// |u| <= 708.
TEXT ·celuVector(SB), NOSPLIT, $0-88
	RETURN_ZERO_WITHOUT_VECTORS(ret+80(FP))
	PAIR_ARGS
	LOAD_EXP_CONSTANTS(240)
	MOVD $alpha+72(FP), R9
	VLD1R (R9), [V13.D2]
	VEOR V14.B16, V14.B16, V14.B16 // 0
loop:
	NEXT_TWO(done)
	VLD1 (R3), [V0.D2]
	FDIV2(13, 0, 10) // u
	FABS2(10, 1)
	FCMGE2(1, 31, 2) // 708 >= |u|: false for NaN
	IN_RANGE(2, done)
	EXPPARTS(1, 2, 3, 4, 5, 6, 7) // of |u|: V2 = 2^k, V1 = m
	MOV2(0, 3)
	FMLS2(13, 10, 3) // x - u·α
	FDIV2(13, 3, 3) // ul
	MOV2(2, 4)
	FMLA2(1, 2, 4) // e = 2^k·m + 2^k
	FSUB2(16, 2, 5)
	FMLA2(1, 2, 5) // e^u - 1 = 2^k·m + (2^k - 1)
	FMLA2(3, 4, 5) // + e·ul
	FMUL2(13, 5, 8) // y
	MOV2(4, 9)
	FMLA2(3, 4, 9) // y' = e·ul + e
	FCMGE2(14, 0, 6) // x >= 0
	BIT2(6, 0, 8)
	BIT2(6, 16, 9)
	STORE_PAIR
	B loop
done:
	RETURN_COUNT(ret+80(FP))
