//go:build !noasm

#include "textflag.h"
#include "kernels_arm64.h"
#include "exp_arm64.h"

// func tanhVector(y, dy, x []float64) int
// As sigmoidVector for y = tanh x and dy = 1 - tanh² x, as tanhLoop does,
// for |x| <= 354.
TEXT ·tanhVector(SB), NOSPLIT, $0-80
	RETURN_ZERO_WITHOUT_VECTORS(ret+72(FP))
	PAIR_ARGS
	LOAD_EXP_CONSTANTS(256)
	FADD2(16, 16, 10) // 2
	VEOR V15.B16, V15.B16, V15.B16
	FNEG2(15, 15) // -0: the sign bits
loop:
	NEXT_TWO(done)
	VLD1 (R3), [V0.D2]
	FABS2(0, 1)
	FCMGE2(1, 31, 2) // 354 >= |x|: false for NaN
	IN_RANGE(2, done)
	FADD2(1, 1, 1) // 2a
	EXPPARTS(1, 2, 3, 4, 5, 6, 7) // e^-2a = 2^k·(1+m): V2, V1
	FSUB2(16, 2, 9)
	FMLA2(1, 2, 9) // d = e - 1
	FADD2(10, 9, 11) // h = 2 + d
	FSUB2(10, 11, 12)
	FSUB2(12, 9, 12) // l = d - (h - 2)
	FDIV2(11, 16, 13) // p = 1/h
	MOV2(16, 14)
	FMLS2(13, 11, 14) // 1 - h·p
	FMLS2(13, 12, 14) // - l·p
	FMLA2(14, 13, 13) // p corrected
	FMUL2(13, 9, 8) // d·p = -tanh a
	BIT2(15, 0, 8) // with the sign of x
	MOV2(13, 9)
	FMLA2(13, 1, 9) // (1+m)·p
	FADD2(2, 2, 2)
	FADD2(2, 2, 2) // 4·2^k, exactly
	FMUL2(2, 9, 9) // 4e·p
	FMUL2(13, 9, 9) // dy = 4e·p·p
	STORE_PAIR
	B loop
done:
	RETURN_COUNT(ret+72(FP))
