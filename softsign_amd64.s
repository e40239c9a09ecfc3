//go:build !noasm

#include "textflag.h"
#include "kernels_amd64.h"

// func softsignVector(y, dy, x []float64) int
// As sigmoidVector for y = x/(1+|x|) and dy = r·r, r = 1/(1+|x|), as
// softsign does for finite x: it stops at an infinity or a NaN.
TEXT ·softsignVector(SB), NOSPLIT, $0-80
	RETURN_ZERO_WITHOUT_AVX2(ret+72(FP))
	PAIR_ARGS
	TO_EIGHT(four)
	VBROADCASTSD logisticConst<>+0(SB), Z7
	VBROADCASTSD logisticConst<>+48(SB), Z15
	VBROADCASTSD logisticConst<>+136(SB), Z14
loop8:
	NEXT_EIGHT(four)
	VMOVUPD (DX)(BX*8), Z0
	VPANDQ Z15, Z0, Z1
	VCMPPD $0x15, Z14, Z1, K1 // !(|x| < Inf): also NaN
	KORTESTW K1, K1
	JNZ four
	VADDPD Z7, Z1, Z1 // d = 1 + |x|
	VDIVPD Z1, Z0, Z2
	VMOVUPD Z2, (DI)(BX*8)
	TESTQ R9, R9
	JZ next8
	VDIVPD Z1, Z7, Z3 // r = 1/d
	VMULPD Z3, Z3, Z3
	VMOVUPD Z3, (SI)(BX*8)
next8:
	MOVQ R8, BX
	JMP loop8
four:
	VBROADCASTSD logisticConst<>+0(SB), Y7
	VBROADCASTSD logisticConst<>+48(SB), Y15
	VBROADCASTSD logisticConst<>+136(SB), Y14
loop:
	NEXT_FOUR(done)
	VMOVUPD (DX)(BX*8), Y0
	VANDPD Y15, Y0, Y1
	VCMPPD $0x15, Y14, Y1, Y2
	VMOVMSKPD Y2, AX
	TESTQ AX, AX
	JNZ done
	VADDPD Y7, Y1, Y1
	VDIVPD Y1, Y0, Y2
	VMOVUPD Y2, (DI)(BX*8)
	TESTQ R9, R9
	JZ next
	VDIVPD Y1, Y7, Y3
	VMULPD Y3, Y3, Y3
	VMOVUPD Y3, (SI)(BX*8)
next:
	MOVQ R8, BX
	JMP loop
done:
	RETURN_COUNT(ret+72(FP))
