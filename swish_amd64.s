//go:build !noasm

#include "textflag.h"
#include "kernels_amd64.h"
#include "exp_amd64.h"

// func swishVector(y, dy, x []float64) int
// As sigmoidVector for y = x·σ(x) and dy = σ(x)·(1 + x(1-σ(x))), the sum
// fused.
TEXT ·swishVector(SB), NOSPLIT, $0-80
	RETURN_ZERO_WITHOUT_AVX2(ret+72(FP))
	PAIR_ARGS
	TO_EIGHT(four)
	LOAD_CONSTANTS512
	VBROADCASTSD logisticConst<>+8(SB), Z14
loop8:
	NEXT_EIGHT(four)
	VMOVUPD (DX)(BX*8), Z0
	LOGISTIC512(four)
	VMULPD Z8, Z0, Z1
	VMOVUPD Z1, (DI)(BX*8)
	TESTQ R9, R9
	JZ next8
	VFMADD213PD Z7, Z0, Z9
	VMULPD Z9, Z8, Z9
	VMOVUPD Z9, (SI)(BX*8)
next8:
	MOVQ R8, BX
	JMP loop8
four:
	LOAD_CONSTANTS
	VBROADCASTSD logisticConst<>+8(SB), Y14
loop:
	NEXT_FOUR(done)
	VMOVUPD (DX)(BX*8), Y0
	LOGISTIC
	VMULPD Y8, Y0, Y1
	VMOVUPD Y1, (DI)(BX*8)
	TESTQ R9, R9
	JZ next
	VFMADD213PD Y7, Y0, Y9 // x·c + 1
	VMULPD Y9, Y8, Y9
	VMOVUPD Y9, (SI)(BX*8)
next:
	MOVQ R8, BX
	JMP loop
done:
	RETURN_COUNT(ret+72(FP))

// func swishBetaVector(y, d, t, x []float64, beta float64) int
// Sets, of y = x·σ(βx), d = σ(βx)(1 + βx(1-σ(βx))) and
// t = x²·σ(βx)(1-σ(βx)), those whose slice is not empty, four at a time
// (eight with AVX-512), as swishBeta does for |βx| <= 708 and
// |x| <= 2^511; returns how many it did, stopping at an x out of that range
// or NaN.
TEXT ·swishBetaVector(SB), NOSPLIT, $0-112
	RETURN_ZERO_WITHOUT_AVX2(ret+104(FP))
	MOVQ y_base+0(FP), DI
	MOVQ y_len+8(FP), R9
	MOVQ d_base+24(FP), SI
	MOVQ d_len+32(FP), R10
	MOVQ t_base+48(FP), R11
	MOVQ t_len+56(FP), R12
	MOVQ x_base+72(FP), DX
	MOVQ x_len+80(FP), CX
	XORQ BX, BX
	TO_EIGHT(four)
	LOAD_CONSTANTS512
	VBROADCASTSD logisticConst<>+8(SB), Z14
	VBROADCASTSD beta+96(FP), Z26
	VPXORQ Z31, Z31, Z31
loop8:
	NEXT_EIGHT(four)
	VMOVUPD (DX)(BX*8), Z0
	VMULPD Z26, Z0, Z27 // v = βx
	VPANDQ Z15, Z27, Z1
	VCMPPD $0x16, Z14, Z1, K1 // !(|v| <= 708): also NaN
	VPANDQ Z15, Z0, Z2
	VCMPPD.BCST $0x1e, logisticConst<>+152(SB), Z2, K2 // |x| > 2^511
	KORTESTW K1, K2
	JNZ four
	VMOVAPD Z27, Z28
	VFMSUB231PD Z26, Z0, Z28 // vl = βx - v
	EXPPARTS512 // e^-|v| = 2^k·(1+m): Z6, Z8
	VMOVAPD Z6, Z29
	VFMADD231PD Z8, Z6, Z29 // e
	VADDPD Z7, Z29, Z30 // h = 1 + e
	VSUBPD Z7, Z30, Z2
	VSUBPD Z2, Z29, Z2 // l = e - (h - 1)
	VDIVPD Z30, Z7, Z9 // p = 1/h
	VMOVAPD Z7, Z3
	VFNMADD231PD Z9, Z30, Z3
	VFNMADD231PD Z9, Z2, Z3
	VFMADD231PD Z3, Z9, Z9 // p corrected
	VMULPD Z9, Z29, Z3 // q = e·p
	VCMPPD $1, Z31, Z27, K1 // v < 0
	VMOVAPD Z9, Z4
	VMOVAPD Z3, K1, Z4 // s
	VMOVAPD Z3, Z5
	VMOVAPD Z9, K1, Z5 // c
	VMULPD Z9, Z9, Z9 // pp
	VMOVAPD Z9, Z29
	VFMADD231PD Z9, Z8, Z29
	VMULPD Z29, Z6, Z29 // sc = 2^k·(m·pp + pp)
	VSUBPD Z4, Z5, Z30
	VMULPD Z29, Z30, Z30
	VFMADD213PD Z29, Z28, Z30 // dsc = vl·(sc·(c-s)) + sc
	VFMADD231PD Z28, Z29, Z4 // s += sc·vl
	VFNMADD231PD Z28, Z29, Z5 // c -= sc·vl
	TESTQ R9, R9
	JZ d8
	VMULPD Z4, Z0, Z2
	VMOVUPD Z2, (DI)(BX*8) // y = x·s
d8:
	TESTQ R10, R10
	JZ t8
	VMOVAPD Z7, Z2
	VFMADD231PD Z5, Z28, Z2
	VFMADD231PD Z5, Z27, Z2
	VMULPD Z2, Z4, Z2
	VMOVUPD Z2, (SI)(BX*8) // d = s·(v·c + (vl·c + 1))
t8:
	TESTQ R12, R12
	JZ next8
	VMULPD Z0, Z0, Z3 // xx
	VMOVAPD Z3, Z6
	VFMSUB231PD Z0, Z0, Z6 // xxl
	VMULPD Z30, Z6, Z6
	VFMADD231PD Z30, Z3, Z6
	VMOVUPD Z6, (R11)(BX*8) // t = xx·dsc + xxl·dsc
next8:
	MOVQ R8, BX
	JMP loop8
four:
	LOAD_CONSTANTS
loop:
	NEXT_FOUR(done)
	VMOVUPD (DX)(BX*8), Y0
	VBROADCASTSD beta+96(FP), Y14
	VMULPD Y14, Y0, Y1 // v
	VANDPD Y15, Y1, Y1 // |v|
	VBROADCASTSD logisticConst<>+8(SB), Y14
	VCMPPD $0x16, Y14, Y1, Y2 // !(|v| <= 708): also NaN
	VANDPD Y15, Y0, Y3
	VBROADCASTSD logisticConst<>+152(SB), Y14
	VCMPPD $0x1e, Y14, Y3, Y3 // |x| > 2^511
	VORPD Y3, Y2, Y2
	VMOVMSKPD Y2, AX
	TESTQ AX, AX
	JNZ done
	EXPPARTS // Y6 = 2^k, Y8 = m; it takes every register but Y0, Y1, Y6, Y8
	VBROADCASTSD beta+96(FP), Y14
	VMULPD Y14, Y0, Y1 // v
	VMOVAPD Y1, Y2
	VFMSUB231PD Y14, Y0, Y2 // vl
	VMOVAPD Y6, Y3
	VFMADD231PD Y8, Y6, Y3 // e
	VADDPD Y7, Y3, Y4 // h
	VSUBPD Y7, Y4, Y5
	VSUBPD Y5, Y3, Y5 // l
	VDIVPD Y4, Y7, Y9 // p
	VMOVAPD Y7, Y14
	VFNMADD231PD Y9, Y4, Y14
	VFNMADD231PD Y9, Y5, Y14
	VFMADD231PD Y14, Y9, Y9 // p corrected
	VMULPD Y9, Y3, Y4 // q
	VMULPD Y9, Y9, Y3 // pp
	VMOVAPD Y3, Y5
	VFMADD231PD Y3, Y8, Y5
	VMULPD Y5, Y6, Y5 // sc
	VXORPD Y3, Y3, Y3
	VCMPPD $1, Y3, Y1, Y6 // v < 0
	VBLENDVPD Y6, Y4, Y9, Y3 // s
	VBLENDVPD Y6, Y9, Y4, Y8 // c
	VSUBPD Y3, Y8, Y4
	VMULPD Y5, Y4, Y4
	VFMADD213PD Y5, Y2, Y4 // dsc
	VFMADD231PD Y2, Y5, Y3 // s += sc·vl
	VFNMADD231PD Y2, Y5, Y8 // c -= sc·vl
	TESTQ R9, R9
	JZ d4
	VMULPD Y3, Y0, Y6
	VMOVUPD Y6, (DI)(BX*8)
d4:
	TESTQ R10, R10
	JZ t4
	VMOVAPD Y7, Y9
	VFMADD231PD Y8, Y2, Y9
	VFMADD231PD Y8, Y1, Y9
	VMULPD Y9, Y3, Y9
	VMOVUPD Y9, (SI)(BX*8)
t4:
	TESTQ R12, R12
	JZ next
	VMULPD Y0, Y0, Y5
	VMOVAPD Y5, Y6
	VFMSUB231PD Y0, Y0, Y6
	VMULPD Y4, Y6, Y6
	VFMADD231PD Y4, Y5, Y6
	VMOVUPD Y6, (R11)(BX*8)
next:
	MOVQ R8, BX
	JMP loop
done:
	RETURN_COUNT(ret+104(FP))
