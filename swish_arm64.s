//go:build !noasm

#include "textflag.h"
#include "kernels_arm64.h"
#include "exp_arm64.h"

// func swishVector(y, dy, x []float64) int
// As sigmoidVector for y = x·σ(x) and dy = σ(x)(1 + x(1-σ(x))), as
// swishLoop does.
TEXT ·swishVector(SB), NOSPLIT, $0-80
	RETURN_ZERO_WITHOUT_VECTORS(ret+72(FP))
	PAIR_ARGS
	LOAD_EXP_CONSTANTS(240)
loop:
	NEXT_TWO(done)
	VLD1 (R3), [V0.D2]
	LOGISTIC(done)
	MOV2(16, 9)
	FMLA2(4, 0, 9) // 1 + x·(1-σ)
	FMUL2(9, 8, 9) // dy = σ·that
	FMUL2(8, 0, 8) // y = x·σ
	STORE_PAIR
	B loop
done:
	RETURN_COUNT(ret+72(FP))

// func swishBetaVector(y, d, t, x []float64, beta float64) int
// Sets, of y = x·σ(βx), d = σ(βx)(1 + βx(1-σ(βx))) and
// t = x²·σ(βx)(1-σ(βx)), those whose slice is not empty, two at a time,
// as swishBeta does for |βx| <= 708 and |x| <= 2^511; returns how many it
// did, stopping at an x out of that range or NaN.
TEXT ·swishBetaVector(SB), NOSPLIT, $0-112
	RETURN_ZERO_WITHOUT_VECTORS(ret+104(FP))
	MOVD y_base+0(FP), R0
	MOVD y_len+8(FP), R12
	MOVD d_base+24(FP), R1
	MOVD d_len+32(FP), R13
	MOVD t_base+48(FP), R2
	MOVD t_len+56(FP), R14
	MOVD x_base+72(FP), R3
	MOVD x_len+80(FP), R4
	MOVD ZR, R5
	LOAD_EXP_CONSTANTS(240)
	MOVD $beta+96(FP), R9
	VLD1R (R9), [V13.D2]
	MOVD $0x5fe0000000000000, R9
	VDUP R9, V14.D2 // 2^511
loop:
	NEXT_TWO(done)
	VLD1 (R3), [V0.D2]
	FMUL2(13, 0, 10) // v = βx
	FABS2(10, 1)
	FCMGE2(1, 31, 2) // 708 >= |v|: false for NaN
	FABS2(0, 3)
	FCMGE2(3, 14, 3) // 2^511 >= |x|
	AND2(3, 2, 2)
	IN_RANGE(2, done)
	FNEG2(10, 11)
	FMLA2(0, 13, 11) // vl = βx - v
	EXPPARTS(1, 2, 3, 4, 5, 6, 7) // e^-|v| = 2^k·(1+m): V2, V1
	MOV2(2, 3)
	FMLA2(1, 2, 3) // e
	FADD2(16, 3, 4) // h = 1 + e
	FSUB2(16, 4, 5)
	FSUB2(5, 3, 5) // l = e - (h - 1)
	FDIV2(4, 16, 6) // p = 1/h
	MOV2(16, 7)
	FMLS2(6, 4, 7)
	FMLS2(6, 5, 7)
	FMLA2(7, 6, 6) // p corrected
	FMUL2(6, 3, 7) // q = e·p
	FCMLT02(10, 8) // v < 0
	MOV2(6, 9)
	BIT2(8, 7, 9) // s
	BIT2(8, 6, 7) // c
	FMUL2(6, 6, 6) // pp
	MOV2(6, 3)
	FMLA2(6, 1, 3)
	FMUL2(3, 2, 3) // sc = 2^k·(m·pp + pp)
	FSUB2(9, 7, 4)
	FMUL2(4, 3, 4)
	MOV2(3, 5)
	FMLA2(11, 4, 5) // dsc = vl·(sc·(c-s)) + sc
	FMLA2(11, 3, 9) // s += sc·vl
	FMLS2(11, 3, 7) // c -= sc·vl
	CBZ R12, dpart
	FMUL2(9, 0, 8)
	VST1.P [V8.D2], 16(R0) // y = x·s
dpart:
	CBZ R13, tpart
	MOV2(16, 12)
	FMLA2(7, 11, 12)
	FMLA2(7, 10, 12)
	FMUL2(12, 9, 12)
	VST1.P [V12.D2], 16(R1) // d = s·(v·c + (vl·c + 1))
tpart:
	CBZ R14, next
	FMUL2(0, 0, 1) // xx
	FNEG2(1, 2)
	FMLA2(0, 0, 2) // xxl
	FMUL2(5, 2, 2)
	FMLA2(5, 1, 2)
	VST1.P [V2.D2], 16(R2) // t = xx·dsc + xxl·dsc
next:
	ADD $16, R3
	AGAIN(loop)
done:
	RETURN_COUNT(ret+104(FP))
