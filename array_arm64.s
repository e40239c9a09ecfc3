//go:build !noasm

#include "textflag.h"
#include "kernels_arm64.h"

// func mulVector(dst, a, b []float64, stream bool) int
// Sets dst = a·b element by element, eight at a time, and returns how
// many it did. stream is amd64's: NEON has no store around the caches
// that pays here.
TEXT ·mulVector(SB), NOSPLIT, $0-88
	RETURN_ZERO_WITHOUT_VECTORS(ret+80(FP))
	MOVD dst_base+0(FP), R0
	MOVD dst_len+8(FP), R4
	MOVD a_base+24(FP), R1
	MOVD b_base+48(FP), R2
	MOVD ZR, R5
loop:
	ADD $8, R5, R6
	CMP R4, R6
	BGT done
	VLD1.P 64(R1), [V0.D2, V1.D2, V2.D2, V3.D2]
	VLD1.P 64(R2), [V4.D2, V5.D2, V6.D2, V7.D2]
	FMUL2(4, 0, 0)
	FMUL2(5, 1, 1)
	FMUL2(6, 2, 2)
	FMUL2(7, 3, 3)
	VST1.P [V0.D2, V1.D2, V2.D2, V3.D2], 64(R0)
	MOVD R6, R5
	B loop
done:
	MOVD R5, ret+80(FP)
	RET
