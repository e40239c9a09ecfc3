//go:build !noasm

#include "textflag.h"
#include "kernels_arm64.h"

// PIECE sets Vy to the pieces of p at the two x in Vx, as piecewise.elem
// does, and Vk to a mask of where the slope is not 0, Ve to one of where
// x is not NaN. V8-V15 hold p's fields, V7 = 0; Vt is scratch.
#define PIECE(x, y, k, e, t) \
	FCMGT2(x, 8, t) /* x < below */; \
	FCMGT2(9, x, e) /* x > above */; \
	MOV2(11, k); \
	BIT2(e, 12, k); \
	BIT2(t, 10, k) /* slope: the left piece's before the right's, as choose nests them */; \
	MOV2(14, y); \
	BIT2(e, 15, y); \
	BIT2(t, 13, y) /* offset */; \
	FCMEQ2(7, k, t) /* slope = 0 */; \
	MOV2(y, e); \
	FMLA2(k, x, y) /* slope·x + offset, rounded once */; \
	BIT2(t, e, y) /* offset where the slope is 0 */; \
	FCMEQ2(x, x, e) /* not NaN */; \
	BIF2(e, x, y) /* x where NaN */; \
	FCMEQ2(7, t, k) /* the slope is not 0: t = 0, t's lanes being 0 or all ones (a NaN) */

// func piecewiseVector(y []float64, codes []byte, x []float64, p *piecewise, stream bool) int
// Sets y to the pieces of p at x and, unless codes is empty, codes to the
// code of y' (1 where the piece's slope is not 0, 2 for NaN, 0 otherwise),
// four at a time, as piecewise.elem does: on the piece of x, y = slope·x +
// offset rounded once, or offset where slope is 0. Returns how many it
// did. stream is amd64's.
TEXT ·piecewiseVector(SB), NOSPLIT, $0-96
	RETURN_ZERO_WITHOUT_VECTORS(ret+88(FP))
	MOVD y_base+0(FP), R0
	MOVD codes_base+24(FP), R1
	MOVD codes_len+32(FP), R2
	MOVD x_base+48(FP), R3
	MOVD x_len+56(FP), R4
	MOVD p+72(FP), R9
	VLD1R.P 8(R9), [V8.D2] // below
	VLD1R.P 8(R9), [V9.D2] // above
	VLD1R.P 8(R9), [V10.D2] // the slopes of the left, middle and right pieces
	VLD1R.P 8(R9), [V11.D2]
	VLD1R.P 8(R9), [V12.D2]
	VLD1R.P 8(R9), [V13.D2] // their offsets
	VLD1R.P 8(R9), [V14.D2]
	VLD1R (R9), [V15.D2]
	VEOR V7.B16, V7.B16, V7.B16
	VMOVI $1, V20.B16
	VMOVI $2, V21.B16
	MOVD ZR, R5
loop:
	NEXT(4, done)
	VLD1.P 32(R3), [V0.D2, V1.D2]
	PIECE(0, 2, 4, 5, 16)
	PIECE(1, 3, 17, 18, 19)
	VST1.P [V2.D2, V3.D2], 32(R0)
	CBZ R2, next
	CODES4(4, 17, 5, 18)
	FMOVS F4, (R1)
	ADD $4, R1
next:
	AGAIN(loop)
done:
	RETURN_COUNT(ret+88(FP))
