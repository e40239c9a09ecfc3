//go:build !noasm

#include "textflag.h"
#include "kernels_amd64.h"
#include "exp_amd64.h"

// ELU_PARTS sets, from EXPNEG's v5, v6 and v8 for the x in v0, y and y'
// for x <= 0 into v9 and v5, and y for x > 0 into v2, with scale in v4;
// v0-v9 and v15 (the |x| mask) are Y or Z registers, andn and or the
// logical instructions of their width, sa and scale the arguments.
#define ELU_PARTS(v0, v2, v4, v5, v6, v7, v8, v9, v15, andn, or, sa, scale) \
	VSUBPD v7, v6, v9 /* 2^k - 1 */; \
	VFMADD231PD v8, v6, v9 /* e^x - 1 for x <= 0 */; \
	andn v0, v15, v2; \
	or v2, v9, v9 /* with the sign of x, for -0 */; \
	VBROADCASTSD sa, v4; \
	VMULPD v4, v9, v9 /* y for x <= 0 */; \
	VMULPD v4, v5, v5 /* y' for x <= 0 */; \
	VBROADCASTSD scale, v4; \
	VMULPD v4, v0, v2 /* y for x > 0 */

// func eluVector(y, dy, x []float64, scale, sa float64) int
// As sigmoidVector for y = scale·x, dy = scale where x > 0 and y = sa·(e^x - 1),
// dy = sa·e^x elsewhere, as elu does for |x| <= 708.
TEXT ·eluVector(SB), NOSPLIT, $0-96
	RETURN_ZERO_WITHOUT_AVX2(ret+88(FP))
	PAIR_ARGS
	TO_EIGHT(four)
	LOAD_CONSTANTS512
	VBROADCASTSD logisticConst<>+8(SB), Z14
eluloop8:
	NEXT_EIGHT(four)
	VMOVUPD (DX)(BX*8), Z0
	CHECK512(four)
	EXPNEG512 // Z5 = e^-|x|, Z6 = 2^k, Z8 = e^r - 1
	ELU_PARTS(Z0, Z2, Z4, Z5, Z6, Z7, Z8, Z9, Z15, VPANDNQ, VPORQ, sa+80(FP), scale+72(FP))
	STORE_BY_SIGN512(Z3, Z9, Z2, Z5, Z4)
	MOVQ R8, BX
	JMP eluloop8
four:
	LOAD_CONSTANTS
	VBROADCASTSD logisticConst<>+8(SB), Y14
eluloop:
	NEXT_FOUR(eludone)
	VMOVUPD (DX)(BX*8), Y0
	CHECK
	EXPNEG // Y5 = e^-|x|, Y6 = 2^k, Y8 = e^r - 1
	ELU_PARTS(Y0, Y2, Y4, Y5, Y6, Y7, Y8, Y9, Y15, VANDNPD, VORPD, sa+80(FP), scale+72(FP))
	VXORPD Y3, Y3, Y3
	VCMPPD $0x1e, Y3, Y0, Y3 // x > 0
	VBLENDVPD Y3, Y2, Y9, Y9
	VMOVUPD Y9, (DI)(BX*8)
	TESTQ R9, R9
	JZ elunext
	VBLENDVPD Y3, Y4, Y5, Y5
	VMOVUPD Y5, (SI)(BX*8)
elunext:
	MOVQ R8, BX
	JMP eluloop
eludone:
done:
	RETURN_COUNT(ret+88(FP))

// func celuVector(y, dy, x []float64, alpha float64) int
// As sigmoidVector for y = x, dy = 1 where x >= 0 and, with u = x/α in
// double-double, y = α(e^u - 1), dy = e^u elsewhere, as celu does for
// |u| <= 708.
TEXT ·celuVector(SB), NOSPLIT, $0-88
	RETURN_ZERO_WITHOUT_AVX2(ret+80(FP))
	PAIR_ARGS
	TO_EIGHT(four)
	LOAD_CONSTANTS512
	VBROADCASTSD logisticConst<>+8(SB), Z14
	VBROADCASTSD alpha+72(FP), Z26
	VPXORQ Z27, Z27, Z27
loop8:
	NEXT_EIGHT(four)
	VMOVUPD (DX)(BX*8), Z0
	VDIVPD Z26, Z0, Z28 // u
	VPANDQ Z15, Z28, Z1
	VCMPPD $0x16, Z14, Z1, K1 // !(|u| <= 708): also NaN
	KORTESTW K1, K1
	JNZ four
	EXPPARTS512 // of |u|: Z6 = 2^k, Z8 = m
	VMOVAPD Z0, Z29
	VFNMADD231PD Z26, Z28, Z29 // x - u·α
	VDIVPD Z26, Z29, Z29 // ul
	VMOVAPD Z6, Z30
	VFMADD231PD Z8, Z6, Z30 // e = 2^k·m + 2^k
	VSUBPD Z7, Z6, Z31
	VFMADD231PD Z8, Z6, Z31 // e^u - 1 = 2^k·m + (2^k - 1)
	VFMADD231PD Z30, Z29, Z31 // + e·ul
	VMULPD Z26, Z31, Z31 // y
	VCMPPD $0x1d, Z27, Z0, K2 // x >= 0
	VMOVAPD Z0, K2, Z31
	VMOVUPD Z31, (DI)(BX*8)
	TESTQ R9, R9
	JZ next8
	VFMADD231PD Z30, Z29, Z30 // e·ul + e
	VMOVAPD Z7, K2, Z30
	VMOVUPD Z30, (SI)(BX*8)
next8:
	MOVQ R8, BX
	JMP loop8
four:
	LOAD_CONSTANTS
	VBROADCASTSD logisticConst<>+8(SB), Y14
loop:
	NEXT_FOUR(done)
	VMOVUPD (DX)(BX*8), Y0
	VBROADCASTSD alpha+72(FP), Y9
	VDIVPD Y9, Y0, Y2
	VANDPD Y15, Y2, Y1
	VCMPPD $0x16, Y14, Y1, Y2
	VMOVMSKPD Y2, AX
	TESTQ AX, AX
	JNZ done
	EXPPARTS // Y6 = 2^k, Y8 = m; it takes every register but Y0, Y1, Y6, Y8
	VBROADCASTSD alpha+72(FP), Y9
	VDIVPD Y9, Y0, Y2 // u again
	VMOVAPD Y0, Y3
	VFNMADD231PD Y9, Y2, Y3
	VDIVPD Y9, Y3, Y3 // ul
	VMOVAPD Y6, Y4
	VFMADD231PD Y8, Y6, Y4 // e
	VSUBPD Y7, Y6, Y5
	VFMADD231PD Y8, Y6, Y5 // e^u - 1
	VFMADD231PD Y4, Y3, Y5
	VMULPD Y9, Y5, Y5 // y
	VXORPD Y2, Y2, Y2
	VCMPPD $0x1d, Y2, Y0, Y2 // x >= 0
	VBLENDVPD Y2, Y0, Y5, Y5
	VMOVUPD Y5, (DI)(BX*8)
	TESTQ R9, R9
	JZ next
	VFMADD231PD Y4, Y3, Y4
	VBLENDVPD Y2, Y7, Y4, Y4
	VMOVUPD Y4, (SI)(BX*8)
next:
	MOVQ R8, BX
	JMP loop
done:
	RETURN_COUNT(ret+80(FP))
