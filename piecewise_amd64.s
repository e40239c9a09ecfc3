//go:build !noasm

#include "textflag.h"
#include "kernels_amd64.h"

// func piecewiseVector(y []float64, codes []byte, x []float64, p *piecewise, stream bool) int
// Sets y to the pieces of p at x and, unless codes is empty, codes to the
// code of y' (1 where the piece's slope is not 0, 2 for NaN, 0 otherwise),
// four at a time (eight with AVX-512), as piecewise.elem does: on the piece
// of x, y = slope·x + offset rounded once, or offset where slope is 0.
// Returns how many it did. With stream set and y aligned to 64 bytes, it
// writes y around the caches.
TEXT ·piecewiseVector(SB), NOSPLIT, $0-96
	RETURN_ZERO_WITHOUT_AVX2(ret+88(FP))
	MOVQ y_base+0(FP), DI
	MOVQ codes_base+24(FP), SI
	MOVQ codes_len+32(FP), R9
	MOVQ x_base+48(FP), DX
	MOVQ x_len+56(FP), CX
	MOVQ p+72(FP), R10
	MOVBQZX stream+80(FP), R13
	STREAM_IF_ALIGNED(63)
	XORQ BX, BX
	TO_EIGHT(pwfour)
	VBROADCASTSD 0(R10), Z20 // below
	VBROADCASTSD 8(R10), Z21 // above
	VBROADCASTSD 16(R10), Z22 // the slopes of the left, middle and right pieces
	VBROADCASTSD 24(R10), Z23
	VBROADCASTSD 32(R10), Z24
	VBROADCASTSD 40(R10), Z25 // their offsets
	VBROADCASTSD 48(R10), Z26
	VBROADCASTSD 56(R10), Z27
	VPXORQ Z28, Z28, Z28
	VPBROADCASTQ codeInts<>+0(SB), Z8
	VPBROADCASTQ codeInts<>+32(SB), Z9
pwloop8:
	NEXT_EIGHT(pwfour)
	VMOVUPD (DX)(BX*8), Z0
	VCMPPD $0x11, Z20, Z0, K1 // x < below
	VCMPPD $0x1e, Z21, Z0, K2 // x > above
	VMOVAPD Z23, Z1 // the middle piece's slope and offset, or the left's or right's
	VMOVAPD Z26, Z2
	VMOVAPD Z22, K1, Z1
	VMOVAPD Z25, K1, Z2
	VMOVAPD Z24, K2, Z1
	VMOVAPD Z27, K2, Z2
	VCMPPD $0x04, Z28, Z1, K4 // slope != 0
	VFMADD231PD Z1, Z0, K4, Z2 // slope·x + offset there, offset elsewhere
	VCMPPD $3, Z0, Z0, K3 // NaN
	VMOVAPD Z0, K3, Z2
	STORE(Z2, (DI)(BX*8))
	TESTQ R9, R9
	JZ pwnext8
	VMOVDQA64.Z Z8, K4, Z3
	VMOVDQA64 Z9, K3, Z3
	VPMOVQB Z3, (SI)(BX*1)
pwnext8:
	MOVQ R8, BX
	JMP pwloop8
pwfour:
	VBROADCASTSD 0(R10), Y8
	VBROADCASTSD 8(R10), Y9
	VBROADCASTSD 16(R10), Y10
	VBROADCASTSD 24(R10), Y11
	VBROADCASTSD 32(R10), Y12
	VBROADCASTSD 40(R10), Y13
	VBROADCASTSD 48(R10), Y14
	VBROADCASTSD 56(R10), Y15
	VXORPD Y7, Y7, Y7
	LEAQ codeBits<>(SB), R12
pwloop:
	NEXT_FOUR(pwdone)
	VMOVUPD (DX)(BX*8), Y0
	VCMPPD $0x11, Y8, Y0, Y1 // x < below
	VCMPPD $0x1e, Y9, Y0, Y2 // x > above
	VBLENDVPD Y1, Y10, Y11, Y3 // slope
	VBLENDVPD Y2, Y12, Y3, Y3
	VBLENDVPD Y1, Y13, Y14, Y4 // offset
	VBLENDVPD Y2, Y15, Y4, Y4
	VCMPPD $0x04, Y7, Y3, Y5 // slope != 0
	VMOVAPD Y4, Y6
	VFMADD231PD Y3, Y0, Y6
	VBLENDVPD Y5, Y6, Y4, Y6
	VCMPPD $3, Y0, Y0, Y1 // NaN
	VBLENDVPD Y1, Y0, Y6, Y6
	STORE(Y6, (DI)(BX*8))
	TESTQ R9, R9
	JZ pwnext
	VANDNPD Y5, Y1, Y5 // slope != 0 and not NaN
	VMOVMSKPD Y5, AX
	VMOVMSKPD Y1, R11
	MOVL (R12)(AX*4), AX
	MOVL (R12)(R11*4), R11
	SHLL $1, R11
	ORL R11, AX
	MOVL AX, (SI)(BX*1)
pwnext:
	MOVQ R8, BX
	JMP pwloop
pwdone:
	RETURN_COUNT_STREAM(ret+88(FP))
