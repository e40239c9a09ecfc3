//go:build !noasm

#include "textflag.h"
#include "kernels_amd64.h"

// func leakyVector(y, saved, x []float64, a float64, stream bool) int
// Sets y = x for x > 0 and a·x otherwise, as leaky does for a != 0, and,
// unless saved is empty, saved = x, four at a time (eight with AVX-512);
// returns how many it did. With stream set and y and saved aligned to 64
// bytes, it writes them around the caches.
TEXT ·leakyVector(SB), NOSPLIT, $0-96
	RETURN_ZERO_WITHOUT_AVX2(ret+88(FP))
	MOVQ y_base+0(FP), DI
	MOVQ saved_base+24(FP), SI
	MOVQ saved_len+32(FP), R9
	MOVQ x_base+48(FP), DX
	MOVQ x_len+56(FP), CX
	MOVBQZX stream+80(FP), R13
	STREAM_IF_ALIGNED(63)
	TESTQ $63, SI
	JZ 2(PC)
	XORQ R13, R13
	XORQ BX, BX
	TO_EIGHT(leakyfour)
	VBROADCASTSD a+72(FP), Z5
	VPXORQ Z7, Z7, Z7
leakyloop8:
	NEXT_EIGHT(leakyfour)
	VMOVUPD (DX)(BX*8), Z0
	VMULPD Z5, Z0, Z1 // a·x
	VCMPPD $0x1e, Z7, Z0, K1 // x > 0
	VMOVAPD Z0, K1, Z1
	STORE(Z1, (DI)(BX*8))
	TESTQ R9, R9
	JZ leakynext8
	STORE(Z0, (SI)(BX*8))
leakynext8:
	MOVQ R8, BX
	JMP leakyloop8
leakyfour:
	VBROADCASTSD a+72(FP), Y5
	VXORPD Y7, Y7, Y7
leakyloop:
	NEXT_FOUR(leakydone)
	VMOVUPD (DX)(BX*8), Y0
	VMULPD Y5, Y0, Y1 // a·x
	VCMPPD $0x1e, Y7, Y0, Y2 // x > 0
	VBLENDVPD Y2, Y0, Y1, Y1
	STORE(Y1, (DI)(BX*8))
	TESTQ R9, R9
	JZ leakynext
	STORE(Y0, (SI)(BX*8))
leakynext:
	MOVQ R8, BX
	JMP leakyloop
leakydone:
	RETURN_COUNT_STREAM(ret+88(FP))

// LEAKY_BACKWARD sets dx = g·leaky'(x) for the four elements at off and
// adds g·x, where x <= 0, to the sums in sum and err, as leakyBackward and
// lanes.addProduct do. Y5 = a, Y6 = 1, Y7 = 0.
#define LEAKY_BACKWARD(off, sum, err) \
	VMOVUPD off(DX)(BX*8), Y0 /* x */; \
	VMOVUPD off(SI)(BX*8), Y1 /* g */; \
	VCMPPD $0x1e, Y7, Y0, Y2 /* x > 0 */; \
	VBLENDVPD Y2, Y6, Y5, Y3 /* d = x > 0 ? 1 : a */; \
	VCMPPD $3, Y0, Y0, Y4 /* NaN */; \
	VBLENDVPD Y4, Y0, Y3, Y3 /* d = x where NaN */; \
	VMULPD Y3, Y1, Y3; \
	STORE(Y3, off(DI)(BX*8)) /* dx = g·d */; \
	VCMPPD $0x12, Y7, Y0, Y2 /* x <= 0 */; \
	VANDPD Y1, Y2, Y1 /* gNeg */; \
	VMINPD Y0, Y7, Y0 /* xNeg = min(x, 0) */; \
	VMULPD Y0, Y1, Y2 /* p = gNeg·xNeg */; \
	ADDLANES(Y2, sum, err); \
	VFMSUB231PD Y0, Y1, Y2 /* gNeg·xNeg - p */; \
	VFMADD231PD Y15, Y2, err

// func leakyBackwardVector(dx, g, x []float64, a float64, l *lanes, stream bool) int
// Sets dx = g·leaky'(x) and adds g·x over x <= 0 to the eight compensated
// sums of l, element i to lane i mod 8, eight at a time, as leakyBackward
// and lanes.addProduct do; returns how many it did. With stream set and dx
// aligned to 64 bytes, it writes dx around the caches.
TEXT ·leakyBackwardVector(SB), NOSPLIT, $0-104
	RETURN_ZERO_WITHOUT_AVX2(ret+96(FP))
	MOVQ dx_base+0(FP), DI
	MOVQ g_base+24(FP), SI
	MOVQ x_base+48(FP), DX
	MOVQ dx_len+8(FP), CX
	VBROADCASTSD a+72(FP), Y5
	MOVQ l+80(FP), R10
	MOVBQZX stream+88(FP), R13
	STREAM_IF_ALIGNED(63)
	LANES_IN
	XORQ BX, BX
	VXORPD Y7, Y7, Y7
	VBROADCASTSD logisticConst<>+0(SB), Y6 // 1
lbloop:
	NEXT_EIGHT(lbdone)
	LEAKY_BACKWARD(0, Y8, Y9)
	LEAKY_BACKWARD(32, Y10, Y11)
	MOVQ R8, BX
	JMP lbloop
lbdone:
	LANES_OUT
	RETURN_COUNT_STREAM(ret+96(FP))

// func leakyColsVector(y, saved, x, slopes []float64) int
// Sets y = leaky(x, slopes), each element with its own slope, as
// PReLUPerFeature's Go code does (max(x, 0) where the slope is 0), and,
// unless saved is empty, saved = x, four at a time; returns how many it
// did.
TEXT ·leakyColsVector(SB), NOSPLIT, $0-104
	RETURN_ZERO_WITHOUT_AVX2(ret+96(FP))
	MOVQ y_base+0(FP), DI
	MOVQ saved_base+24(FP), SI
	MOVQ saved_len+32(FP), R9
	MOVQ x_base+48(FP), DX
	MOVQ x_len+56(FP), CX
	MOVQ slopes_base+72(FP), R10
	VXORPD Y7, Y7, Y7 // 0
	XORQ BX, BX
lcloop:
	NEXT_FOUR(lcdone)
	VMOVUPD (DX)(BX*8), Y0 // x
	VMOVUPD (R10)(BX*8), Y5 // a
	VMULPD Y5, Y0, Y1 // a·x
	VCMPPD $3, Y0, Y0, Y3 // NaN
	VANDPD Y0, Y3, Y3 // max(x, 0) for x <= 0: NaN kept, else +0
	VCMPPD $0, Y7, Y5, Y4 // a = 0
	VBLENDVPD Y4, Y3, Y1, Y1
	VCMPPD $0x1e, Y7, Y0, Y2 // x > 0
	VBLENDVPD Y2, Y0, Y1, Y1
	VMOVUPD Y1, (DI)(BX*8)
	TESTQ R9, R9
	JZ lcnext
	VMOVUPD Y0, (SI)(BX*8)
lcnext:
	MOVQ R8, BX
	JMP lcloop
lcdone:
	RETURN_COUNT(ret+96(FP))

// func leakyColsBackwardVector(dx, g, x, slopes []float64, sums []compensated) int
// Sets dx = g·leaky'(x), each element with its own slope, and adds g·x,
// where x <= 0, to the compensated sum of its column, sums[j], as
// leakyBackward and compensated.addProduct do, four at a time; returns how
// many it did. sums holds {sum, err} pairs: they are split into a vector
// of sums and one of errors for columns j, j+2, j+1, j+3 (the order of
// VUNPCKLPD), and the products put in that order to match.
TEXT ·leakyColsBackwardVector(SB), NOSPLIT, $0-128
	RETURN_ZERO_WITHOUT_AVX2(ret+120(FP))
	MOVQ dx_base+0(FP), DI
	MOVQ dx_len+8(FP), CX
	MOVQ g_base+24(FP), SI
	MOVQ x_base+48(FP), DX
	MOVQ slopes_base+72(FP), R10
	MOVQ sums_base+96(FP), R11
	VXORPD Y7, Y7, Y7 // 0
	VBROADCASTSD logisticConst<>+0(SB), Y6 // 1
	VMOVAPD Y6, Y15 // 1, for ADDLANES
	XORQ BX, BX
lcbloop:
	NEXT_FOUR(lcbdone)
	VMOVUPD (DX)(BX*8), Y0 // x
	VMOVUPD (SI)(BX*8), Y1 // g
	VMOVUPD (R10)(BX*8), Y5 // a
	VCMPPD $0x1e, Y7, Y0, Y2 // x > 0
	VBLENDVPD Y2, Y6, Y5, Y3 // d = x > 0 ? 1 : a
	VCMPPD $3, Y0, Y0, Y4 // NaN
	VBLENDVPD Y4, Y0, Y3, Y3 // d = x where NaN
	VMULPD Y3, Y1, Y3
	VMOVUPD Y3, (DI)(BX*8) // dx = g·d
	VCMPPD $0x12, Y7, Y0, Y2 // x <= 0
	VANDPD Y1, Y2, Y1 // gNeg
	VMINPD Y0, Y7, Y0 // xNeg = min(x, 0)
	VPERMPD $0xd8, Y1, Y1 // columns j, j+2, j+1, j+3
	VPERMPD $0xd8, Y0, Y0
	VMULPD Y0, Y1, Y2 // p = gNeg·xNeg
	MOVQ BX, R12
	SHLQ $4, R12 // 16 bytes a pair
	VMOVUPD 0(R11)(R12*1), Y8 // s0 e0 s1 e1
	VMOVUPD 32(R11)(R12*1), Y9 // s2 e2 s3 e3
	VUNPCKLPD Y9, Y8, Y10 // sums
	VUNPCKHPD Y9, Y8, Y11 // errors
	ADDLANES(Y2, Y10, Y11)
	VFMSUB231PD Y0, Y1, Y2 // gNeg·xNeg - p
	VFMADD231PD Y15, Y2, Y11
	VUNPCKLPD Y11, Y10, Y8 // s0 e0 s1 e1
	VUNPCKHPD Y11, Y10, Y9 // s2 e2 s3 e3
	VMOVUPD Y8, 0(R11)(R12*1)
	VMOVUPD Y9, 32(R11)(R12*1)
	MOVQ R8, BX
	JMP lcbloop
lcbdone:
	RETURN_COUNT(ret+120(FP))

// func leakyDerivVector(dy, x []float64, a float64, stream bool) int
// Sets dy = 1 for x > 0, NaN for NaN and a otherwise, four at a time, as
// leakyBackward's factor; returns how many it did. With stream set and dy
// aligned to 64 bytes, it writes dy around the caches.
TEXT ·leakyDerivVector(SB), NOSPLIT, $0-72
	RETURN_ZERO_WITHOUT_AVX2(ret+64(FP))
	MOVQ dy_base+0(FP), DI
	MOVQ x_base+24(FP), DX
	MOVQ x_len+32(FP), CX
	MOVBQZX stream+56(FP), R13
	STREAM_IF_ALIGNED(63)
	VBROADCASTSD a+48(FP), Y5
	VBROADCASTSD logisticConst<>+0(SB), Y6
	VXORPD Y7, Y7, Y7
	XORQ BX, BX
ldloop:
	NEXT_FOUR(lddone)
	VMOVUPD (DX)(BX*8), Y0
	VCMPPD $0x1e, Y7, Y0, Y2 // x > 0
	VBLENDVPD Y2, Y6, Y5, Y3
	VCMPPD $3, Y0, Y0, Y4 // NaN
	VBLENDVPD Y4, Y0, Y3, Y3
	STORE(Y3, (DI)(BX*8))
	MOVQ R8, BX
	JMP ldloop
lddone:
	RETURN_COUNT_STREAM(ret+64(FP))
