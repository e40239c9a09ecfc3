//go:build !noasm

#include "textflag.h"
#include "kernels_arm64.h"
#include "exp_arm64.h"

// func geluTanhVector(y, dy, x []float64) int
// As sigmoidVector for GELU's tanh form y = x·σ(v), v = k1·x + k3·x³ in
// double-double, and its derivative, as geluTanh does where |v| <= 708.
TEXT ·geluTanhVector(SB), NOSPLIT, $0-80
	RETURN_ZERO_WITHOUT_VECTORS(ret+72(FP))
	PAIR_ARGS
	LOAD_EXP_CONSTANTS(240)
	MOVD $·geluTanhConst(SB), R9
	VLD1R.P 8(R9), [V10.D2] // k1, in two parts
	VLD1R.P 8(R9), [V11.D2]
	VLD1R.P 8(R9), [V12.D2] // k3, in two parts
	VLD1R.P 8(R9), [V13.D2]
	VLD1R (R9), [V14.D2] // 3·k3
loop:
	NEXT_TWO(done)
	VLD1 (R3), [V0.D2]
	FMUL2(0, 0, 1) // x2
	FNEG2(1, 2)
	FMLA2(0, 0, 2) // x2l
	FMUL2(0, 1, 3) // x3
	FNEG2(3, 4)
	FMLA2(0, 1, 4)
	FMLA2(0, 2, 4) // x3l
	MOV2(10, 5)
	FMLA2(1, 14, 5)
	FMLA2(2, 14, 5) // v' = k1 + 3k3·(x2 + x2l)
	FMUL2(3, 12, 6) // a = k3·x3
	FNEG2(6, 7)
	FMLA2(3, 12, 7)
	FMLA2(4, 12, 7)
	FMLA2(3, 13, 7) // al
	FMUL2(0, 10, 8) // b = k1·x
	FNEG2(8, 9)
	FMLA2(0, 10, 9)
	FMLA2(0, 11, 9) // bl
	FADD2(8, 6, 1) // v = a + b, as twoSum has it
	FSUB2(6, 1, 2) // bv
	FSUB2(2, 1, 3)
	FSUB2(3, 6, 3) // a - (v - bv)
	FSUB2(2, 8, 4) // b - bv
	FADD2(4, 3, 3)
	FADD2(9, 7, 7)
	FADD2(7, 3, 3) // vl
	FABS2(1, 2)
	FCMGE2(2, 31, 4) // 708 >= |v|: false for NaN
	IN_RANGE(4, done)
	EXPPARTS(2, 4, 6, 7, 8, 9, 15)
	FADD2(16, 2, 2)
	FMUL2(4, 2, 2) // e = e^-|v|
	FADD2(16, 2, 4)
	FDIV2(4, 16, 4) // p = 1/(1+e)
	FMUL2(4, 2, 6) // q = e·p
	FCMLT02(1, 7) // v < 0
	MOV2(4, 8)
	BIT2(7, 6, 8) // s
	BIT2(7, 4, 6) // c
	FMUL2(6, 8, 7) // s·c
	FMLA2(3, 7, 8) // s + s·c·vl
	FMLS2(3, 7, 6) // c - s·c·vl
	FMUL2(6, 0, 9) // xc
	FNEG2(9, 2)
	FMLA2(6, 0, 2) // xcl
	MOV2(16, 4)
	FMLA2(5, 9, 4)
	FMLA2(5, 2, 4) // 1 + x(1-σ)v'
	FMUL2(4, 8, 9) // y'
	FMUL2(8, 0, 8) // y
	STORE_PAIR
	B loop
done:
	RETURN_COUNT(ret+72(FP))
