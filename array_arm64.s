//go:build !noasm

#include "textflag.h"
#include "kernels_arm64.h"

// func mulVector(dst, a, b []float64, stream bool) int
// Sets dst = a·b element by element, eight at a time, and returns how
// many it did. stream is amd64's: NEON has no store around the caches
// that pays here.
TEXT ·mulVector(SB), NOSPLIT, $0-88
	RETURN_ZERO_WITHOUT_VECTORS(ret+80(FP))
	MOVD dst_base+0(FP), R0
	MOVD dst_len+8(FP), R4
	MOVD a_base+24(FP), R1
	MOVD b_base+48(FP), R2
	MOVD ZR, R5
loop:
	NEXT(8, done)
	VLD1.P 64(R1), [V0.D2, V1.D2, V2.D2, V3.D2]
	VLD1.P 64(R2), [V4.D2, V5.D2, V6.D2, V7.D2]
	FMUL2(4, 0, 0)
	FMUL2(5, 1, 1)
	FMUL2(6, 2, 2)
	FMUL2(7, 3, 3)
	VST1.P [V0.D2, V1.D2, V2.D2, V3.D2], 64(R0)
	AGAIN(loop)
done:
	RETURN_COUNT(ret+80(FP))

// Byte indices for mulCodesVector's table lookups: the code of element j
// of eight, spread over the eight bytes of a float64 (spread<>+16j), and
// the byte offsets 0-7 within one (offsets<>).
DATA spread<>+0(SB)/8, $0x0000000000000000
DATA spread<>+8(SB)/8, $0x0101010101010101
DATA spread<>+16(SB)/8, $0x0202020202020202
DATA spread<>+24(SB)/8, $0x0303030303030303
DATA spread<>+32(SB)/8, $0x0404040404040404
DATA spread<>+40(SB)/8, $0x0505050505050505
DATA spread<>+48(SB)/8, $0x0606060606060606
DATA spread<>+56(SB)/8, $0x0707070707070707
GLOBL spread<>(SB), RODATA|NOPTR, $64
DATA offsets<>+0(SB)/8, $0x0706050403020100
DATA offsets<>+8(SB)/8, $0x0706050403020100
GLOBL offsets<>(SB), RODATA|NOPTR, $16

// MULCODES2 sets Va = a·d[codes] for the two elements of a in Va (a is
// the register's number) whose byte spread is s, from the codes times 8 in
// V4: a byte index into the table d (V28, V29) for each byte of the two
// float64s, then the lookup into V5.
#define MULCODES2(s, a) \
	VTBL s, [V4.B16], V5.B16; \
	VADD V27.B16, V5.B16, V5.B16; \
	VTBL V5.B16, [V28.B16, V29.B16], V5.B16; \
	FMUL2(5, a, a)

// func mulCodesVector(dst, a []float64, codes []byte, d *[3]float64, stream bool) int
// Sets dst = a·d[codes], eight at a time, as mulCodes does; returns how
// many it did. stream is amd64's.
TEXT ·mulCodesVector(SB), NOSPLIT, $0-96
	RETURN_ZERO_WITHOUT_VECTORS(ret+88(FP))
	MOVD dst_base+0(FP), R0
	MOVD dst_len+8(FP), R4
	MOVD a_base+24(FP), R1
	MOVD codes_base+48(FP), R2
	MOVD d+72(FP), R9
	VLD1 (R9), [V28.D2] // d[0], d[1]
	FMOVD 16(R9), F29 // d[2]: the table's last 8 bytes are never read
	MOVD $spread<>(SB), R9
	VLD1 (R9), [V20.B16, V21.B16, V22.B16, V23.B16]
	MOVD $offsets<>(SB), R9
	VLD1 (R9), [V27.B16]
	MOVD ZR, R5
loop:
	NEXT(8, done)
	FMOVD.P 8(R2), F4 // eight codes
	VSHL $3, V4.B16, V4.B16 // byte offsets of d[code]
	VLD1.P 64(R1), [V0.D2, V1.D2, V2.D2, V3.D2]
	MULCODES2(V20.B16, 0)
	MULCODES2(V21.B16, 1)
	MULCODES2(V22.B16, 2)
	MULCODES2(V23.B16, 3)
	VST1.P [V0.D2, V1.D2, V2.D2, V3.D2], 64(R0)
	AGAIN(loop)
done:
	RETURN_COUNT(ret+88(FP))
