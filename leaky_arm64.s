//go:build !noasm

#include "textflag.h"
#include "kernels_arm64.h"
#include "sum_arm64.h"

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
	NEXT(4, done)
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
	AGAIN(loop)
done:
	RETURN_COUNT(ret+88(FP))

// ONE_AND_ZERO sets V25 = 1 and V26 = 0, LEAKY_DERIV's constants.
#define ONE_AND_ZERO \
	FMOVD $1.0, F25; \
	VDUP V25.D[0], V25.D2; \
	VEOR V26.B16, V26.B16, V26.B16

// LEAKY_DERIV sets Vd = 1 for x > 0, x for NaN and a otherwise, for the
// two x in Vx, as leakyBackward's factor: V24 = a, V25 = 1, V26 = 0, and
// Vt scratch.
#define LEAKY_DERIV(x, d, t) \
	FCMGT2(26, x, t) /* x > 0 */; \
	MOV2(24, d); \
	BIT2(t, 25, d); \
	FCMEQ2(x, x, t) /* not NaN */; \
	BIF2(t, x, d)

// func leakyDerivVector(dy, x []float64, a float64, stream bool) int
// Sets dy = 1 for x > 0, NaN for NaN and a otherwise, four at a time, as
// leakyBackward's factor; returns how many it did. stream is amd64's.
TEXT ·leakyDerivVector(SB), NOSPLIT, $0-72
	RETURN_ZERO_WITHOUT_VECTORS(ret+64(FP))
	MOVD dy_base+0(FP), R0
	MOVD x_base+24(FP), R3
	MOVD x_len+32(FP), R4
	MOVD $a+48(FP), R9
	VLD1R (R9), [V24.D2]
	ONE_AND_ZERO
	MOVD ZR, R5
loop:
	NEXT(4, done)
	VLD1.P 32(R3), [V0.D2, V1.D2]
	LEAKY_DERIV(0, 2, 4)
	LEAKY_DERIV(1, 3, 5)
	VST1.P [V2.D2, V3.D2], 32(R0)
	AGAIN(loop)
done:
	RETURN_COUNT(ret+64(FP))

// LEAKY_BACKWARD sets Vd = g·leaky'(x) for the two x in Vx and g in Vg,
// and adds g·x, where x <= 0, to the compensated sums in Vsum and Verr,
// as leakyBackward and lanes.addProduct do. V8-V15 are scratch.
#define LEAKY_BACKWARD(x, g, d, sum, err) \
	LEAKY_DERIV(x, d, 8); \
	FMUL2(d, g, d) /* dx = g·d */; \
	FCMGE2(x, 26, 9) /* x <= 0 */; \
	AND2(g, 9, 9) /* gNeg */; \
	FMIN2(26, x, 10) /* xNeg = min(x, 0) */; \
	DOTLANES(9, 10, sum, err, 11, 12, 13, 14)

// func leakyBackwardVector(dx, g, x []float64, a float64, l *lanes, stream bool) int
// Sets dx = g·leaky'(x) and adds g·x over x <= 0 to the eight compensated
// sums of l, element i to lane i mod 8, eight at a time, as leakyBackward
// and lanes.addProduct do; returns how many it did. stream is amd64's.
TEXT ·leakyBackwardVector(SB), NOSPLIT, $0-104
	RETURN_ZERO_WITHOUT_VECTORS(ret+96(FP))
	MOVD dx_base+0(FP), R0
	MOVD dx_len+8(FP), R4
	MOVD g_base+24(FP), R1
	MOVD x_base+48(FP), R3
	MOVD $a+72(FP), R9
	VLD1R (R9), [V24.D2]
	ONE_AND_ZERO
	MOVD l+80(FP), R10
	LANES_IN
	MOVD ZR, R5
loop:
	NEXT(8, done)
	VLD1.P 64(R3), [V0.D2, V1.D2, V2.D2, V3.D2]
	VLD1.P 64(R1), [V4.D2, V5.D2, V6.D2, V7.D2]
	LEAKY_BACKWARD(0, 4, 27, 16, 20)
	LEAKY_BACKWARD(1, 5, 28, 17, 21)
	LEAKY_BACKWARD(2, 6, 29, 18, 22)
	LEAKY_BACKWARD(3, 7, 30, 19, 23)
	VST1.P [V27.D2, V28.D2, V29.D2, V30.D2], 64(R0)
	AGAIN(loop)
done:
	LANES_OUT
	RETURN_COUNT(ret+96(FP))

// func leakyColsVector(y, saved, x, slopes []float64) int
// Sets y = leaky(x, slopes), each element with its own slope, as
// PReLUPerFeature's Go code does (max(x, 0) where the slope is 0), and,
// unless saved is empty, saved = x, two at a time; returns how many it
// did.
TEXT ·leakyColsVector(SB), NOSPLIT, $0-104
	RETURN_ZERO_WITHOUT_VECTORS(ret+96(FP))
	MOVD y_base+0(FP), R0
	MOVD saved_base+24(FP), R1
	MOVD saved_len+32(FP), R2
	MOVD x_base+48(FP), R3
	MOVD x_len+56(FP), R4
	MOVD slopes_base+72(FP), R10
	VEOR V26.B16, V26.B16, V26.B16 // 0
	MOVD ZR, R5
loop:
	NEXT_TWO(done)
	VLD1.P 16(R3), [V0.D2]
	VLD1.P 16(R10), [V5.D2] // a
	FMUL2(5, 0, 8) // a·x
	FMAX2(26, 0, 2) // max(x, 0)
	FCMEQ2(26, 5, 3) // a = 0
	BIT2(3, 2, 8)
	FCMGT2(26, 0, 4) // x > 0
	BIT2(4, 0, 8)
	VST1.P [V8.D2], 16(R0)
	CBZ R2, 2(PC)
	VST1.P [V0.D2], 16(R1)
	AGAIN(loop)
done:
	RETURN_COUNT(ret+96(FP))

// func leakyColsBackwardVector(dx, g, x, slopes []float64, sums []compensated) int
// Sets dx = g·leaky'(x), each element with its own slope, and adds g·x,
// where x <= 0, to the compensated sum of its column, sums[j], as
// leakyBackward and compensated.addProduct do, two at a time; returns how
// many it did. sums holds {sum, err} pairs, which VLD2 parts into a vector
// of sums and one of errors.
TEXT ·leakyColsBackwardVector(SB), NOSPLIT, $0-128
	RETURN_ZERO_WITHOUT_VECTORS(ret+120(FP))
	MOVD dx_base+0(FP), R0
	MOVD dx_len+8(FP), R4
	MOVD g_base+24(FP), R1
	MOVD x_base+48(FP), R3
	MOVD slopes_base+72(FP), R10
	MOVD sums_base+96(FP), R11
	ONE_AND_ZERO
	MOVD ZR, R5
loop:
	NEXT_TWO(done)
	VLD1.P 16(R3), [V0.D2] // x
	VLD1.P 16(R1), [V4.D2] // g
	VLD1.P 16(R10), [V24.D2] // a
	VLD2 (R11), [V16.D2, V17.D2] // sums, errors
	LEAKY_BACKWARD(0, 4, 27, 16, 17)
	VST1.P [V27.D2], 16(R0)
	VST2.P [V16.D2, V17.D2], 32(R11)
	AGAIN(loop)
done:
	RETURN_COUNT(ret+120(FP))
