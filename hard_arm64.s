//go:build !noasm

#include "textflag.h"
#include "kernels_arm64.h"

DATA hardConst<>+0(SB)/8, $0.16666666666666666 // 1/6
GLOBL hardConst<>(SB), RODATA|NOPTR, $8

// HARD_CONSTANTS sets V5 = 3, V6 = 6, V7 = 0, V11 = -3 and V16 = 1.
#define HARD_CONSTANTS \
	FMOVD $3.0, F5; \
	VDUP V5.D[0], V5.D2; \
	FMOVD $6.0, F6; \
	VDUP V6.D[0], V6.D2; \
	FMOVD $1.0, F16; \
	VDUP V16.D[0], V16.D2; \
	VEOR V7.B16, V7.B16, V7.B16; \
	FNEG2(5, 11)

// func hardSigmoidVector(y, dy, x []float64, stream bool) int
// As sigmoidVector for y = min(max(x+3, 0), 6)/6 and dy = 1/6 inside
// (-3, 3), 0 outside and NaN for NaN, as hardSigmoid does. stream is
// amd64's.
TEXT ·hardSigmoidVector(SB), NOSPLIT, $0-88
	RETURN_ZERO_WITHOUT_VECTORS(ret+80(FP))
	PAIR_ARGS
	HARD_CONSTANTS
	MOVD $hardConst<>(SB), R9
	VLD1R (R9), [V10.D2] // 1/6
loop:
	NEXT_TWO(done)
	VLD1 (R3), [V0.D2]
	FADD2(5, 0, 8) // x + 3
	FMAX2(7, 8, 8) // max(x+3, 0), NaN kept
	FMIN2(6, 8, 8) // min(..., 6), NaN kept
	FDIV2(6, 8, 8)
	FCMGT2(11, 0, 2) // x > -3
	FCMGT2(0, 5, 3) // x < 3
	AND2(3, 2, 2)
	AND2(10, 2, 9)
	FCMEQ2(0, 0, 4)
	BIF2(4, 0, 9) // NaN for NaN
	STORE_PAIR
	B loop
done:
	RETURN_COUNT(ret+80(FP))

// func hardSwishVector(y, dy, x []float64, stream bool) int
// As hardSigmoidVector for PyTorch's hard swish and its derivative, as
// hardSwish does.
TEXT ·hardSwishVector(SB), NOSPLIT, $0-88
	RETURN_ZERO_WITHOUT_VECTORS(ret+80(FP))
	PAIR_ARGS
	HARD_CONSTANTS
loop:
	NEXT_TWO(done)
	VLD1 (R3), [V0.D2]
	FADD2(5, 0, 8)
	FMUL2(8, 0, 8)
	FDIV2(6, 8, 8) // x(x+3)/6
	FCMGE2(5, 0, 2) // x >= 3
	BIT2(2, 0, 8)
	FCMGE2(0, 11, 2) // x <= -3
	BIT2(2, 7, 8)
	FADD2(0, 0, 9)
	FADD2(5, 9, 9)
	FDIV2(6, 9, 9) // (2x+3)/6
	FCMGT2(0, 11, 2) // x < -3
	BIT2(2, 7, 9)
	FCMGT2(5, 0, 2) // x > 3
	BIT2(2, 16, 9)
	STORE_PAIR
	B loop
done:
	RETURN_COUNT(ret+80(FP))
