//go:build !noasm

#include "textflag.h"
#include "kernels_amd64.h"

// func mulVector(dst, a, b []float64, stream bool) int
// Sets dst = a·b element by element, sixteen at a time, and returns how
// many it did. With stream set and dst aligned to 64 bytes, it writes
// around the caches.
TEXT ·mulVector(SB), NOSPLIT, $0-88
	RETURN_ZERO_WITHOUT_AVX2(ret+80(FP))
	MOVQ dst_base+0(FP), DI
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX
	MOVQ dst_len+8(FP), CX
	MOVBQZX stream+72(FP), R13
	STREAM_IF_ALIGNED(63)
	XORQ BX, BX
mulloop:
	LEAQ 16(BX), R8
	CMPQ R8, CX
	JGT muldone
	VMOVUPD 0(SI)(BX*8), Y0
	VMOVUPD 32(SI)(BX*8), Y1
	VMOVUPD 64(SI)(BX*8), Y2
	VMOVUPD 96(SI)(BX*8), Y3
	VMULPD 0(DX)(BX*8), Y0, Y0
	VMULPD 32(DX)(BX*8), Y1, Y1
	VMULPD 64(DX)(BX*8), Y2, Y2
	VMULPD 96(DX)(BX*8), Y3, Y3
	STORE(Y0, 0(DI)(BX*8))
	STORE(Y1, 32(DI)(BX*8))
	STORE(Y2, 64(DI)(BX*8))
	STORE(Y3, 96(DI)(BX*8))
	MOVQ R8, BX
	JMP mulloop
muldone:
	RETURN_COUNT_STREAM(ret+80(FP))

// MULCODES8 sets dst = a·d[codes] for the eight elements at BX, storing
// it with store.
#define MULCODES8(store) \
	VPMOVZXBQ (DX)(BX*1), Z0 /* eight codes */; \
	VPCMPEQQ Z8, Z0, K1; \
	VPCMPEQQ Z9, Z0, K2; \
	VMOVAPD Z5, Z2; \
	VMOVAPD Z6, K1, Z2; \
	VMOVAPD Z7, K2, Z2; \
	VMULPD (SI)(BX*8), Z2, Z2; \
	store Z2, (DI)(BX*8)

// func mulCodesVector(dst, a []float64, codes []byte, d *[3]float64, stream bool) int
// Sets dst = a·d[codes], four at a time (eight with AVX-512), as mulCodes
// does; returns how many it did. With stream set and dst aligned to 64
// bytes, it writes around the caches.
TEXT ·mulCodesVector(SB), NOSPLIT, $0-96
	RETURN_ZERO_WITHOUT_AVX2(ret+88(FP))
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ codes_base+48(FP), DX
	MOVQ d+72(FP), R10
	MOVBQZX stream+80(FP), R13
	STREAM_IF_ALIGNED(63)
	VBROADCASTSD 0(R10), Y5
	VBROADCASTSD 8(R10), Y6
	VBROADCASTSD 16(R10), Y7
	XORQ BX, BX
	TO_EIGHT(mcfour)
	VBROADCASTSD 0(R10), Z5
	VBROADCASTSD 8(R10), Z6
	VBROADCASTSD 16(R10), Z7
	VPBROADCASTQ codeInts<>+0(SB), Z8
	VPBROADCASTQ codeInts<>+32(SB), Z9
	TESTQ R13, R13
	JNZ mcstream8
mcloop8:
	NEXT_EIGHT(mcfour)
	MULCODES8(VMOVUPD)
	MOVQ R8, BX
	JMP mcloop8
mcstream8:
	NEXT_EIGHT(mcfour)
	PREFETCHNTA 1024(SI)(BX*8)
	MULCODES8(VMOVNTPD)
	MOVQ R8, BX
	JMP mcstream8
mcfour:
	VMOVDQU codeInts<>+0(SB), Y8
	VMOVDQU codeInts<>+32(SB), Y9
mcloop:
	NEXT_FOUR(mcdone)
	VPMOVZXBQ (DX)(BX*1), Y0 // four codes
	VPCMPEQQ Y8, Y0, Y1
	VBLENDVPD Y1, Y6, Y5, Y2 // d[1] or d[0]
	VPCMPEQQ Y9, Y0, Y1
	VBLENDVPD Y1, Y7, Y2, Y2 // d[2]
	VMULPD (SI)(BX*8), Y2, Y2
	STORE(Y2, (DI)(BX*8))
	MOVQ R8, BX
	JMP mcloop
mcdone:
	RETURN_COUNT_STREAM(ret+88(FP))
