//go:build !noasm

#include "textflag.h"
#include "kernels_amd64.h"

// func sparsePlusVector(y, dy, x []float64) int
// Sets y = 0, h² or x and, unless dy is empty, dy = 0, h or 1, for
// x <= -1, -1 < x < 1 and x >= 1, h = (x+1)/2, four at a time (eight with
// AVX-512), as sparsePlus does; returns how many it did.
TEXT ·sparsePlusVector(SB), NOSPLIT, $0-80
	RETURN_ZERO_WITHOUT_AVX2(ret+72(FP))
	PAIR_ARGS
	TO_EIGHT(four)
	VBROADCASTSD logisticConst<>+0(SB), Z7
	VBROADCASTSD logisticConst<>+144(SB), Z6
	VPXORQ Z5, Z5, Z5
	VSUBPD Z7, Z5, Z4 // -1
loop8:
	NEXT_EIGHT(four)
	VMOVUPD (DX)(BX*8), Z0
	VADDPD Z7, Z0, Z1
	VMULPD Z6, Z1, Z1 // h
	VMULPD Z1, Z1, Z2 // h²
	VCMPPD $0x12, Z4, Z0, K1 // x <= -1
	VCMPPD $0x1d, Z7, Z0, K2 // x >= 1
	VMOVAPD Z5, K1, Z2
	VMOVAPD Z0, K2, Z2
	VMOVUPD Z2, (DI)(BX*8)
	TESTQ R9, R9
	JZ next8
	VMOVAPD Z5, K1, Z1
	VMOVAPD Z7, K2, Z1
	VMOVUPD Z1, (SI)(BX*8)
next8:
	MOVQ R8, BX
	JMP loop8
four:
	VBROADCASTSD logisticConst<>+0(SB), Y7
	VBROADCASTSD logisticConst<>+144(SB), Y6
	VXORPD Y5, Y5, Y5
	VSUBPD Y7, Y5, Y4
loop:
	NEXT_FOUR(done)
	VMOVUPD (DX)(BX*8), Y0
	VADDPD Y7, Y0, Y1
	VMULPD Y6, Y1, Y1
	VMULPD Y1, Y1, Y2
	VCMPPD $0x12, Y4, Y0, Y8
	VCMPPD $0x1d, Y7, Y0, Y9
	VBLENDVPD Y8, Y5, Y2, Y2
	VBLENDVPD Y9, Y0, Y2, Y2
	VMOVUPD Y2, (DI)(BX*8)
	TESTQ R9, R9
	JZ next
	VBLENDVPD Y8, Y5, Y1, Y1
	VBLENDVPD Y9, Y7, Y1, Y1
	VMOVUPD Y1, (SI)(BX*8)
next:
	MOVQ R8, BX
	JMP loop
done:
	RETURN_COUNT(ret+72(FP))
