//go:build !noasm

#include "textflag.h"
#include "kernels_arm64.h"
#include "exp_arm64.h"

// What log1pUnit takes, in the order LOAD_LOG1P_CONSTANTS loads them: 1/2,
// 2, Lg1 ... Lg7 and √2-1.
PAIR(log1pConst<>, 0, $0.5)
PAIR(log1pConst<>, 16, $2.0)
PAIR(log1pConst<>, 32, $6.666666666666735130e-01)
PAIR(log1pConst<>, 48, $3.999999999940941908e-01)
PAIR(log1pConst<>, 64, $2.857142874366239149e-01)
PAIR(log1pConst<>, 80, $2.222219843214978396e-01)
PAIR(log1pConst<>, 96, $1.818357216161805012e-01)
PAIR(log1pConst<>, 112, $1.531383769920937332e-01)
PAIR(log1pConst<>, 128, $1.479819860511658591e-01)
PAIR(log1pConst<>, 144, $0.41421356237309503)
GLOBL log1pConst<>(SB), RODATA|NOPTR, $160

// LOAD_LOG1P_CONSTANTS loads log1pConst at R11 into V20-V29, over
// EXPPARTS's coefficients, which LOAD_EXP_COEFS brings back. It uses R9.
#define LOAD_LOG1P_CONSTANTS \
	MOVD R11, R9; \
	VLD1.P 64(R9), [V20.D2, V21.D2, V22.D2, V23.D2]; \
	VLD1.P 64(R9), [V24.D2, V25.D2, V26.D2, V27.D2]; \
	VLD1 (R9), [V28.D2, V29.D2]

// LOG1P sets V0 = log1pUnit(w) for the two w in V9, as log1pUnit does,
// with V16 = 1, V18 = ln2Hi, V19 = ln2Lo and LOAD_LOG1P_CONSTANTS's. It
// uses V1-V8.
#define LOG1P \
	FCMGT2(29, 9, 3) /* w > √2-1 */; \
	FSUB2(16, 9, 4); \
	FMUL2(20, 4, 4) /* (w-1)/2 */; \
	MOV2(9, 5); \
	BIT2(3, 4, 5) /* f */; \
	AND2(16, 3, 3) /* k */; \
	FMUL2(20, 5, 6); \
	FMUL2(5, 6, 6) /* hfsq = f²/2 */; \
	FADD2(21, 5, 7); \
	FDIV2(7, 5, 7) /* s = f/(2+f) */; \
	FMUL2(7, 7, 8) /* z */; \
	FMUL2(8, 8, 4) /* zz */; \
	MOV2(25, 1); \
	FMLA2(27, 4, 1); \
	MOV2(23, 2); \
	FMLA2(1, 4, 2); \
	FMUL2(2, 4, 1) /* t1 */; \
	MOV2(26, 2); \
	FMLA2(28, 4, 2); \
	MOV2(24, 0); \
	FMLA2(2, 4, 0); \
	MOV2(22, 2); \
	FMLA2(0, 4, 2); \
	FMUL2(2, 8, 2) /* t2 */; \
	FADD2(1, 2, 2); \
	FADD2(2, 6, 2) /* hfsq + (t2 + t1) */; \
	FMUL2(19, 3, 0) /* k·ln2Lo */; \
	FMLA2(2, 7, 0); \
	FSUB2(0, 6, 0); \
	FSUB2(5, 0, 0); \
	FNEG2(0, 0); \
	FMLA2(18, 3, 0) /* k·ln2Hi - ((hfsq - ...) - f) */

// func softplusVector(y, dy, x []float64, beta, threshold float64) int
// As sigmoidVector for y = log(1+e^(βx))/β and dy = σ(βx), as softplus
// does where |βx| <= 708 and βx <= threshold.
TEXT ·softplusVector(SB), NOSPLIT, $0-96
	RETURN_ZERO_WITHOUT_VECTORS(ret+88(FP))
	PAIR_ARGS
	LOAD_EXP_CONSTANTS(240)
	MOVD $beta+72(FP), R9
	VLD1R.P 8(R9), [V13.D2]
	VLD1R (R9), [V14.D2] // threshold
	VEOR V15.B16, V15.B16, V15.B16 // 0
	MOVD $expConst<>+64(SB), R10
	MOVD $log1pConst<>(SB), R11
loop:
	NEXT_TWO(done)
	VLD1 (R3), [V0.D2]
	FMUL2(13, 0, 10) // p = βx
	FCMGT2(14, 10, 2) // p > threshold
	ANY_SET(2, done)
	FABS2(10, 1)
	FCMGE2(1, 31, 2) // 708 >= |p|: false for NaN
	IN_RANGE(2, done)
	MOVD R10, R9
	LOAD_EXP_COEFS(R9)
	EXPPARTS(1, 2, 3, 4, 5, 6, 7)
	FADD2(16, 1, 1)
	FMUL2(2, 1, 1) // e = e^-|p|
	FNEG2(10, 11)
	FMLA2(0, 13, 11) // pl = βx - p
	FCMGT2(15, 10, 12) // p > 0
	MOV2(1, 9)
	FMLA2(11, 1, 9) // e·pl + e
	BIT2(12, 1, 9) // w
	LOAD_LOG1P_CONSTANTS
	LOG1P
	FADD2(0, 11, 1)
	FADD2(1, 10, 1) // p + (pl + log(1+w))
	BIF2(12, 0, 1)
	FDIV2(13, 1, 8) // y
	MOV2(9, 2)
	BIT2(12, 16, 2) // 1 or w
	FADD2(16, 9, 3)
	FDIV2(3, 2, 9) // dy
	STORE_PAIR
	B loop
done:
	RETURN_COUNT(ret+88(FP))
