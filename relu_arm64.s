//go:build !noasm

#include "textflag.h"
#include "kernels_arm64.h"

// func reluCodesVector(y []float64, codes []byte, x []float64, stream bool) int
// Sets y = max(x, 0) and, unless codes is empty, codes to the code of its
// derivative (1 for x > 0, 2 for NaN, 0 otherwise), four at a time, as
// relu does; returns how many it did. stream is amd64's.
TEXT ·reluCodesVector(SB), NOSPLIT, $0-88
	RETURN_ZERO_WITHOUT_VECTORS(ret+80(FP))
	MOVD y_base+0(FP), R0
	MOVD codes_base+24(FP), R1
	MOVD codes_len+32(FP), R2
	MOVD x_base+48(FP), R3
	MOVD x_len+56(FP), R4
	MOVD ZR, R5
	VEOR V7.B16, V7.B16, V7.B16 // 0
	VMOVI $1, V20.B16
	VMOVI $2, V21.B16
loop:
	NEXT(4, done)
	VLD1.P 32(R3), [V0.D2, V1.D2]
	FMAX2(7, 0, 2)
	FMAX2(7, 1, 3) // max(x, 0): NaN stays, -0 gives +0
	VST1.P [V2.D2, V3.D2], 32(R0)
	CBZ R2, next
	FCMGT2(7, 0, 4)
	FCMGT2(7, 1, 5) // x > 0
	FCMEQ2(0, 0, 8)
	FCMEQ2(1, 1, 9) // not NaN
	CODES4(4, 5, 8, 9)
	FMOVS F4, (R1)
	ADD $4, R1
next:
	AGAIN(loop)
done:
	RETURN_COUNT(ret+80(FP))
