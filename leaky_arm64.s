//go:build !noasm

#include "textflag.h"
#include "kernels_arm64.h"

// func leakyVector(y, saved, x []float64, a float64, stream bool) int
// Sets y = x for x > 0 and a·x otherwise, as leaky does for a != 0, and,
// unless saved is empty, saved = x, four at a time; returns how many it
// did. stream is amd64's.
TEXT ·leakyVector(SB), NOSPLIT, $0-96
	RETURN_ZERO_WITHOUT_VECTORS(ret+88(FP))
	MOVD y_base+0(FP), R0
	MOVD saved_base+24(FP), R1
	MOVD saved_len+32(FP), R2
	MOVD x_base+48(FP), R3
	MOVD x_len+56(FP), R4
	MOVD $a+72(FP), R9
	VLD1R (R9), [V6.D2]
	VEOR V7.B16, V7.B16, V7.B16 // 0
	MOVD ZR, R5
loop:
	ADD $4, R5, R6
	CMP R4, R6
	BGT done
	VLD1.P 32(R3), [V0.D2, V1.D2]
	FMUL2(6, 0, 2)
	FMUL2(6, 1, 3) // a·x
	FCMGT2(7, 0, 4)
	FCMGT2(7, 1, 5) // x > 0
	BIT2(4, 0, 2)
	BIT2(5, 1, 3)
	VST1.P [V2.D2, V3.D2], 32(R0)
	CBZ R2, next
	VST1.P [V0.D2, V1.D2], 32(R1)
next:
	MOVD R6, R5
	B loop
done:
	MOVD R5, ret+88(FP)
	RET
