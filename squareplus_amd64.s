//go:build !noasm

#include "textflag.h"
#include "kernels_amd64.h"

// func squareplusVector(y, dy, x []float64, b, lo, hi float64) int
// Sets y and dy as squareplus does where it needs no scaling, that is for
// lo <= |x| <= hi: s = √(x² + b), y = (x+s)·1/2 and dy = (1 + x/s)·1/2 for
// x >= 0, y = b/d and dy = (b/s)/d, d = 2(s - x), for x < 0; four at a
// time (eight with AVX-512). It stops at an |x| out of [lo, hi], or NaN.
TEXT ·squareplusVector(SB), NOSPLIT, $0-104
	RETURN_ZERO_WITHOUT_AVX2(ret+96(FP))
	PAIR_ARGS
	TO_EIGHT(four)
	VBROADCASTSD logisticConst<>+0(SB), Z7
	VBROADCASTSD logisticConst<>+144(SB), Z6
	VBROADCASTSD logisticConst<>+48(SB), Z15
	VBROADCASTSD b+72(FP), Z10
	VBROADCASTSD lo+80(FP), Z11
	VBROADCASTSD hi+88(FP), Z12
	VPXORQ Z5, Z5, Z5
loop8:
	NEXT_EIGHT(four)
	VMOVUPD (DX)(BX*8), Z0
	VPANDQ Z15, Z0, Z1
	VCMPPD $0x1d, Z11, Z1, K1 // |x| >= lo
	VCMPPD $0x12, Z12, Z1, K1, K1 // and |x| <= hi
	KMOVW K1, AX
	CMPL AX, $0xff
	JNE four // not all eight
	VMOVAPD Z10, Z1
	VFMADD231PD Z0, Z0, Z1
	VSQRTPD Z1, Z1 // s
	VADDPD Z1, Z0, Z2
	VMULPD Z6, Z2, Z2 // (x+s)/2
	VSUBPD Z0, Z1, Z3
	VADDPD Z3, Z3, Z3 // d
	VDIVPD Z3, Z10, Z4 // b/d
	VCMPPD $0x1d, Z5, Z0, K2 // x >= 0
	VBLENDMPD Z2, Z4, K2, Z2
	VMOVUPD Z2, (DI)(BX*8)
	TESTQ R9, R9
	JZ next8
	VDIVPD Z1, Z0, Z2
	VADDPD Z7, Z2, Z2
	VMULPD Z6, Z2, Z2 // (1 + x/s)/2
	VDIVPD Z1, Z10, Z4
	VDIVPD Z3, Z4, Z4 // (b/s)/d
	VBLENDMPD Z2, Z4, K2, Z2
	VMOVUPD Z2, (SI)(BX*8)
next8:
	MOVQ R8, BX
	JMP loop8
four:
	VBROADCASTSD logisticConst<>+0(SB), Y7
	VBROADCASTSD logisticConst<>+144(SB), Y6
	VBROADCASTSD logisticConst<>+48(SB), Y15
	VBROADCASTSD b+72(FP), Y10
	VBROADCASTSD lo+80(FP), Y11
	VBROADCASTSD hi+88(FP), Y12
	VXORPD Y5, Y5, Y5
loop:
	NEXT_FOUR(done)
	VMOVUPD (DX)(BX*8), Y0
	VANDPD Y15, Y0, Y1
	VCMPPD $0x1d, Y11, Y1, Y8
	VCMPPD $0x12, Y12, Y1, Y9
	VANDPD Y9, Y8, Y8
	VMOVMSKPD Y8, AX
	CMPQ AX, $15
	JNE done
	VMOVAPD Y10, Y1
	VFMADD231PD Y0, Y0, Y1
	VSQRTPD Y1, Y1
	VADDPD Y1, Y0, Y2
	VMULPD Y6, Y2, Y2
	VSUBPD Y0, Y1, Y3
	VADDPD Y3, Y3, Y3
	VDIVPD Y3, Y10, Y4
	VCMPPD $0x1d, Y5, Y0, Y8 // x >= 0
	VBLENDVPD Y8, Y2, Y4, Y2
	VMOVUPD Y2, (DI)(BX*8)
	TESTQ R9, R9
	JZ next
	VDIVPD Y1, Y0, Y2
	VADDPD Y7, Y2, Y2
	VMULPD Y6, Y2, Y2
	VDIVPD Y1, Y10, Y4
	VDIVPD Y3, Y4, Y4
	VBLENDVPD Y8, Y2, Y4, Y2
	VMOVUPD Y2, (SI)(BX*8)
next:
	MOVQ R8, BX
	JMP loop
done:
	RETURN_COUNT(ret+96(FP))
