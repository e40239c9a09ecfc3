//go:build !noasm

#include "textflag.h"
#include "kernels_arm64.h"
#include "exp_arm64.h"

// func mishVector(y, dy, x []float64) int
// As sigmoidVector for y = x·tanh(softplus(x)) and its derivative, as mish
// does for |x| <= 708: both of its branches on every lane, then a blend.
TEXT ·mishVector(SB), NOSPLIT, $0-80
	RETURN_ZERO_WITHOUT_VECTORS(ret+72(FP))
	PAIR_ARGS
	LOAD_EXP_CONSTANTS(240)
	VEOR V14.B16, V14.B16, V14.B16 // 0
loop:
	NEXT_TWO(done)
	VLD1 (R3), [V0.D2]
	FABS2(0, 1)
	FCMGE2(1, 31, 2) // 708 >= |x|: false for NaN
	IN_RANGE(2, done)
	EXPPARTS(1, 2, 3, 4, 5, 6, 7)
	FADD2(16, 1, 1)
	FMUL2(2, 1, 12) // e = e^-|x|
	// x > 0: n = 1+2e, d = 2e·e + n
	FADD2(12, 12, 2) // 2e
	FADD2(2, 16, 3) // n
	MOV2(3, 4)
	FMLA2(12, 2, 4) // d
	FDIV2(4, 3, 5)
	FMUL2(5, 0, 10) // y = x·(n/d)
	FADD2(2, 2, 5)
	FMUL2(12, 5, 5)
	FMUL2(0, 5, 5) // 4e·e·x
	FMUL2(4, 3, 6) // n·d
	FADD2(16, 12, 7) // 1+e
	FMLA2(7, 5, 6)
	FMUL2(4, 4, 4)
	FDIV2(4, 6, 11) // y'
	// x <= 0: n = e·e + 2e, d + dl = n + 2
	MOV2(2, 3)
	FMLA2(12, 12, 3) // n
	FADD2(16, 16, 1) // 2
	FADD2(1, 3, 4) // d
	FSUB2(3, 4, 5) // bv = d - n
	FSUB2(5, 4, 6)
	FSUB2(6, 3, 6) // n - (d - bv)
	FSUB2(5, 1, 7) // 2 - bv
	FADD2(7, 6, 6) // dl
	FDIV2(4, 3, 8)
	FMUL2(8, 0, 8) // y = x·(n/d)
	FADD2(0, 0, 2)
	FADD2(2, 2, 2) // 4x
	FADD2(1, 12, 5) // e+2
	MOV2(2, 3)
	FMLA2(4, 5, 3) // (e+2)·d + 4x
	FMLA2(12, 2, 3) // inner = 4x·e + that
	FMUL2(3, 12, 1) // num
	FNEG2(1, 2)
	FMLA2(3, 12, 2) // numl
	FMUL2(4, 4, 5) // den
	FNEG2(5, 7)
	FMLA2(4, 4, 7) // denl
	FADD2(4, 4, 4) // 2d
	FMLA2(6, 4, 7) // denl = 2d·dl + denl
	FDIV2(5, 1, 4) // q = num/den
	MOV2(1, 6)
	FMLS2(5, 4, 6) // num - q·den
	FADD2(2, 6, 6) // + numl
	FMLS2(7, 4, 6) // - q·denl
	FDIV2(5, 6, 6)
	FADD2(6, 4, 9) // y'
	FCMGT2(14, 0, 13) // x > 0
	BIT2(13, 10, 8)
	BIT2(13, 11, 9)
	STORE_PAIR
	B loop
done:
	RETURN_COUNT(ret+72(FP))
