//go:build !noasm

#include "textflag.h"
#include "kernels_arm64.h"
#include "exp_arm64.h"
#include "sum_arm64.h"

// BACKWARD_ARGS loads the arguments (dx, g, third []float64, first,
// inv float64) of a row Backward kernel: R0 = dx, R4 = len(dx), R1 = g,
// R2 = third's base, V6 = first and V7 = inv, each in both lanes, and
// R5 = 0, the count. first is the address of the first float64.
#define BACKWARD_ARGS(third, first) \
	MOVD dx_base+0(FP), R0; \
	MOVD dx_len+8(FP), R4; \
	MOVD g_base+24(FP), R1; \
	MOVD third, R2; \
	MOVD first, R9; \
	VLD1R.P 8(R9), [V6.D2]; \
	VLD1R (R9), [V7.D2]; \
	MOVD ZR, R5

// SHIFT_CONSTANTS loads what SHIFTZ needs from the shift at R10: V11 =
// scale, V12 = -top, V13 = pre, V15 = tau, V14 = inv, V10 = unscale.
#define SHIFT_CONSTANTS \
	MOVD R10, R9; \
	VLD1R.P 8(R9), [V11.D2]; \
	VLD1R.P 8(R9), [V12.D2]; \
	VLD1R.P 8(R9), [V13.D2]; \
	VLD1R.P 8(R9), [V15.D2]; \
	VLD1R.P 8(R9), [V14.D2]; \
	VLD1R (R9), [V10.D2]; \
	FNEG2(12, 12) /* -top, as Go negates */

// SHIFTZ sets V8 = zh and V0 = zl for the two logits in V0, as shift.z
// does. It uses V1-V3.
#define SHIFTZ \
	FMUL2(11, 0, 0) /* a = scale·x */; \
	FADD2(12, 0, 1) /* d = a + b, b = -top */; \
	FSUB2(0, 1, 2) /* bv = d - a */; \
	FSUB2(2, 1, 3) /* d - bv */; \
	FSUB2(3, 0, 3) /* a - (d - bv) */; \
	FSUB2(2, 12, 2) /* b - bv */; \
	FADD2(2, 3, 3) /* dl */; \
	FMUL2(13, 1, 1) /* d·pre */; \
	FMUL2(13, 3, 3) /* dl·pre */; \
	FMUL2(14, 1, 2) /* q = d·inv */; \
	FMLS2(15, 2, 1) /* d - q·tau */; \
	FADD2(3, 1, 1) /* + dl */; \
	FMUL2(14, 1, 1) /* ·inv */; \
	FMUL2(10, 1, 0) /* zl */; \
	FMUL2(10, 2, 8) /* zh = q·unscale */

// func shiftExpVector(y, x []float64, s *shift, l *lanes) int
// Sets y = s.exp(x), two at a time, and returns how many it did: it stops
// before the first pair with a z in [-745.2, -708), where e^z is
// subnormal, or fewer than two left. The layout of shift is {scale, top,
// pre, tau, inv, unscale float64}. It does none where l is not nil: it
// sums nothing as it goes, and its caller sums after.
TEXT ·shiftExpVector(SB), NOSPLIT, $0-72
	RETURN_ZERO_WITHOUT_VECTORS(ret+64(FP))
	MOVD y_base+0(FP), R0
	MOVD x_base+24(FP), R3
	MOVD x_len+32(FP), R4
	MOVD s+48(FP), R10
	MOVD ZR, R5
	MOVD l+56(FP), R7
	CBNZ R7, done
	LOAD_EXP_CONSTANTS(272) // V31 = -708
	SHIFT_CONSTANTS
	MOVD $expConst<>+288(SB), R9
	VLD1 (R9), [V9.D2] // -745.2
loop:
	NEXT_TWO(done)
	VLD1 (R3), [V0.D2]
	SHIFTZ
	FCMGE2(9, 8, 6) // zh >= -745.2: else e^z is 0
	FCMGE2(31, 8, 7) // zh >= -708
	BIC2(7, 6, 7) // subnormal: scalar only
	ANY_SET(7, done)
	FNEG2(8, 1) // -zh
	EXPPARTS(1, 2, 3, 4, 5, 7, 8) // e^zh = 2^k·(1+m): V2, V1
	FADD2(16, 1, 1)
	FMUL2(2, 1, 1)
	MOV2(1, 8)
	FMLA2(0, 1, 8) // e·zl + e
	VAND V6.B16, V8.B16, V8.B16 // 0 where zh < -745.2
	VST1.P [V8.D2], 16(R0)
	ADD $16, R3
	AGAIN(loop)
done:
	RETURN_COUNT(ret+64(FP))

// func shiftLogVector(y, x []float64, s *shift, logSum float64) int
// Sets y = z - logSum for the logits x, two at a time, as LogSoftmax.logs
// does; returns how many it did.
TEXT ·shiftLogVector(SB), NOSPLIT, $0-72
	RETURN_ZERO_WITHOUT_VECTORS(ret+64(FP))
	MOVD y_base+0(FP), R0
	MOVD x_base+24(FP), R3
	MOVD x_len+32(FP), R4
	MOVD s+48(FP), R10
	MOVD ZR, R5
	SHIFT_CONSTANTS
	MOVD $logSum+56(FP), R9
	VLD1R (R9), [V6.D2]
	MOVD $0xfff0000000000000, R9
	VDUP R9, V5.D2 // -Inf
loop:
	NEXT_TWO(done)
	VLD1.P 16(R3), [V0.D2]
	SHIFTZ
	FSUB2(6, 8, 1) // zh - logSum
	FADD2(0, 1, 1) // + zl
	FCMEQ2(5, 8, 2)
	BIT2(2, 8, 1) // zh where it is -Inf, where zl is NaN
	VST1.P [V1.D2], 16(R0)
	AGAIN(loop)
done:
	RETURN_COUNT(ret+64(FP))

// func logSoftmaxBackwardVector(dx, g, p []float64, total, inv float64) int
// Sets dx = (g - p·total)·inv, the product fused, four at a time; returns
// how many it did.
TEXT ·logSoftmaxBackwardVector(SB), NOSPLIT, $0-96
	RETURN_ZERO_WITHOUT_VECTORS(ret+88(FP))
	BACKWARD_ARGS(p_base+48(FP), $total+72(FP))
loop:
	NEXT(4, done)
	VLD1.P 32(R1), [V0.D2, V1.D2]
	VLD1.P 32(R2), [V2.D2, V3.D2]
	FMLS2(6, 2, 0) // g - p·total
	FMLS2(6, 3, 1)
	FMUL2(7, 0, 0)
	FMUL2(7, 1, 1)
	VST1.P [V0.D2, V1.D2], 32(R0)
	AGAIN(loop)
done:
	RETURN_COUNT(ret+88(FP))

// func scanVector(x []float64, hi, lo *[4]float64) (n int, nan bool)
// Takes the maximum and minimum of x into the four lanes of hi and lo,
// element i into lane i mod 4, four at a time, and reports whether it met
// a NaN; returns how many it did. A lane that met a NaN holds no meaning.
TEXT ·scanVector(SB), NOSPLIT, $0-49
	RETURN_ZERO_FALSE_WITHOUT_VECTORS(n+40(FP), nan+48(FP))
	MOVD x_base+0(FP), R3
	MOVD x_len+8(FP), R4
	MOVD hi+24(FP), R10
	MOVD lo+32(FP), R11
	VLD1 (R10), [V8.D2, V9.D2]
	VLD1 (R11), [V10.D2, V11.D2]
	VEOR V12.B16, V12.B16, V12.B16 // NaN seen
	MOVD ZR, R5
loop:
	NEXT(4, done)
	VLD1.P 32(R3), [V0.D2, V1.D2]
	FMAX2(0, 8, 8)
	FMAX2(1, 9, 9)
	FMIN2(0, 10, 10)
	FMIN2(1, 11, 11)
	FCMEQ2(0, 0, 2)
	FCMEQ2(1, 1, 3)
	VAND V3.B16, V2.B16, V2.B16 // neither is NaN
	VEOR V13.B16, V13.B16, V13.B16
	VCMEQ V13.D2, V2.D2, V2.D2 // some is
	VORR V2.B16, V12.B16, V12.B16
	AGAIN(loop)
done:
	VST1 [V8.D2, V9.D2], (R10)
	VST1 [V10.D2, V11.D2], (R11)
	WORD $0x4E083D87 // R7 = V12.D[0]
	WORD $0x4E183D88 // R8 = V12.D[1]
	ORR R7, R8, R7
	CMP ZR, R7
	CSET NE, R7
	MOVB R7, nan+48(FP)
	RETURN_COUNT(n+40(FP))

// func indexVector(x []float64, v float64) (i int, found bool)
// Looks for v in x two at a time: returns the index of the first element
// equal to v and true, or how many it looked at and false.
TEXT ·indexVector(SB), NOSPLIT, $0-41
	RETURN_ZERO_FALSE_WITHOUT_VECTORS(i+32(FP), found+40(FP))
	MOVD x_base+0(FP), R3
	MOVD x_len+8(FP), R4
	MOVD $v+24(FP), R9
	VLD1R (R9), [V2.D2]
	MOVD ZR, R5
loop:
	NEXT_TWO(none)
	VLD1.P 16(R3), [V0.D2]
	FCMEQ2(2, 0, 1) // x == v
	WORD $0x4E083C27 // R7 = V1.D[0]
	CBNZ R7, found
	WORD $0x4E183C27 // R7 = V1.D[1]
	CBNZ R7, second
	AGAIN(loop)
second:
	ADD $1, R5
found:
	MOVD $1, R7
	MOVB R7, found+40(FP)
	RETURN_COUNT(i+32(FP))
none:
	MOVB ZR, found+40(FP)
	RETURN_COUNT(i+32(FP))

// func laneSumVector(x []float64, l *lanes) int
// Adds x to the eight compensated sums of l, element i to lane i mod 8,
// eight at a time, as lanes.add does; returns how many it did.
TEXT ·laneSumVector(SB), NOSPLIT, $0-40
	RETURN_ZERO_WITHOUT_VECTORS(ret+32(FP))
	MOVD x_base+0(FP), R3
	MOVD x_len+8(FP), R4
	MOVD l+24(FP), R10
	LANES_IN
	MOVD ZR, R5
loop:
	NEXT(8, done)
	VLD1.P 64(R3), [V0.D2, V1.D2, V2.D2, V3.D2]
	ADDLANES(0, 16, 20, 4, 5, 6)
	ADDLANES(1, 17, 21, 7, 8, 9)
	ADDLANES(2, 18, 22, 10, 11, 12)
	ADDLANES(3, 19, 23, 13, 14, 15)
	AGAIN(loop)
done:
	LANES_OUT
	RETURN_COUNT(ret+32(FP))

// func laneDotVector(a, b []float64, l *lanes) int
// Adds a·b to the eight compensated sums of l, element i to lane i mod 8,
// eight at a time, as lanes.addProduct does; returns how many it did.
TEXT ·laneDotVector(SB), NOSPLIT, $0-64
	RETURN_ZERO_WITHOUT_VECTORS(ret+56(FP))
	MOVD a_base+0(FP), R1
	MOVD a_len+8(FP), R4
	MOVD b_base+24(FP), R2
	MOVD l+48(FP), R10
	LANES_IN
	MOVD ZR, R5
loop:
	NEXT(8, done)
	VLD1.P 64(R1), [V0.D2, V1.D2, V2.D2, V3.D2]
	VLD1.P 64(R2), [V4.D2, V5.D2, V6.D2, V7.D2]
	DOTLANES(0, 4, 16, 20, 8, 9, 10, 11)
	DOTLANES(1, 5, 17, 21, 12, 13, 14, 15)
	DOTLANES(2, 6, 18, 22, 8, 9, 10, 11)
	DOTLANES(3, 7, 19, 23, 12, 13, 14, 15)
	AGAIN(loop)
done:
	LANES_OUT
	RETURN_COUNT(ret+56(FP))

// func scaleVector(dst, dst2, y []float64, c float64, stream bool) int
// Sets dst = y·c and, unless dst2 is empty, dst2 = y·c, eight at a time;
// returns how many it did. stream is amd64's.
TEXT ·scaleVector(SB), NOSPLIT, $0-96
	RETURN_ZERO_WITHOUT_VECTORS(ret+88(FP))
	MOVD dst_base+0(FP), R0
	MOVD dst2_base+24(FP), R1
	MOVD dst2_len+32(FP), R2
	MOVD y_base+48(FP), R3
	MOVD y_len+56(FP), R4
	MOVD $c+72(FP), R9
	VLD1R (R9), [V7.D2]
	MOVD ZR, R5
loop:
	NEXT(8, done)
	VLD1.P 64(R3), [V0.D2, V1.D2, V2.D2, V3.D2]
	FMUL2(7, 0, 0)
	FMUL2(7, 1, 1)
	FMUL2(7, 2, 2)
	FMUL2(7, 3, 3)
	VST1.P [V0.D2, V1.D2, V2.D2, V3.D2], 64(R0)
	CBZ R2, next
	VST1.P [V0.D2, V1.D2, V2.D2, V3.D2], 64(R1)
next:
	AGAIN(loop)
done:
	RETURN_COUNT(ret+88(FP))

// func softmaxBackwardVector(dx, g, y []float64, yg, inv float64, stream bool) int
// Sets dx = y·(g - yg)·inv, four at a time; returns how many it did.
// stream is amd64's.
TEXT ·softmaxBackwardVector(SB), NOSPLIT, $0-104
	RETURN_ZERO_WITHOUT_VECTORS(ret+96(FP))
	BACKWARD_ARGS(y_base+48(FP), $yg+72(FP))
loop:
	NEXT(4, done)
	VLD1.P 32(R1), [V0.D2, V1.D2]
	VLD1.P 32(R2), [V2.D2, V3.D2]
	FSUB2(6, 0, 0) // g - yg
	FSUB2(6, 1, 1)
	FMUL2(0, 2, 0) // y·(g - yg)
	FMUL2(1, 3, 1)
	FMUL2(7, 0, 0)
	FMUL2(7, 1, 1)
	VST1.P [V0.D2, V1.D2], 32(R0)
	AGAIN(loop)
done:
	RETURN_COUNT(ret+96(FP))
