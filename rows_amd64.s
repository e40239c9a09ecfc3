//go:build !noasm

#include "textflag.h"
#include "kernels_amd64.h"
#include "exp_amd64.h"

// RETURN_ZERO_FALSE_WITHOUT_AVX2 is RETURN_ZERO_WITHOUT_AVX2 for a kernel
// that also returns a flag: it returns 0 and false.
#define RETURN_ZERO_FALSE_WITHOUT_AVX2(ret, flag) \
	CMPB ·useVectors(SB), $0; \
	JNE 4(PC); \
	MOVQ $0, ret; \
	MOVB $0, flag; \
	RET

// SHIFT_CONSTANTS loads what SHIFTZ needs from the shift at R10:
// Y14 = scale, Y15 = -top, Y7 = pre.
#define SHIFT_CONSTANTS \
	VBROADCASTSD 0(R10), Y14; \
	VBROADCASTSD 8(R10), Y15; \
	VBROADCASTSD logisticConst<>+96(SB), Y0; \
	VXORPD Y0, Y15, Y15 /* -top, as Go negates */; \
	VBROADCASTSD 16(R10), Y7

// SHIFTZ sets Y8 = zh and Y0 = zl for the four logits in Y0, as shift.z
// does. It uses Y1-Y4 and Y9.
#define SHIFTZ \
	VMULPD Y14, Y0, Y0 /* a = scale·x */; \
	VADDPD Y15, Y0, Y1 /* d = a + b, b = -top */; \
	VSUBPD Y0, Y1, Y2 /* bv = d - a */; \
	VSUBPD Y2, Y1, Y3 /* d - bv */; \
	VSUBPD Y3, Y0, Y3 /* a - (d - bv) */; \
	VSUBPD Y2, Y15, Y4 /* b - bv */; \
	VADDPD Y4, Y3, Y3 /* dl */; \
	VMULPD Y7, Y1, Y1 /* d·pre */; \
	VMULPD Y7, Y3, Y3 /* dl·pre */; \
	VBROADCASTSD 32(R10), Y8 /* inv */; \
	VMULPD Y8, Y1, Y2 /* q = d·inv */; \
	VBROADCASTSD 24(R10), Y9 /* tau */; \
	VFNMADD231PD Y9, Y2, Y1 /* d - q·tau */; \
	VADDPD Y3, Y1, Y1 /* + dl */; \
	VMULPD Y8, Y1, Y1 /* ·inv */; \
	VBROADCASTSD 40(R10), Y9 /* unscale */; \
	VMULPD Y9, Y1, Y0 /* zl */; \
	VMULPD Y9, Y2, Y8 /* zh = q·unscale */

// SHIFT_CONSTANTS512 loads SHIFTZ512's constants: Z14 = scale, Z15 = -top,
// Z28 = pre, Z29 = inv, Z30 = tau, Z31 = unscale.
#define SHIFT_CONSTANTS512 \
	VBROADCASTSD 0(R10), Z14; \
	VBROADCASTSD 8(R10), Z15; \
	VBROADCASTSD logisticConst<>+96(SB), Z0; \
	VPXORQ Z0, Z15, Z15; \
	VBROADCASTSD 16(R10), Z28; \
	VBROADCASTSD 24(R10), Z30; \
	VBROADCASTSD 32(R10), Z29; \
	VBROADCASTSD 40(R10), Z31

// SHIFTZ512 is SHIFTZ for the eight logits in Z0.
#define SHIFTZ512 \
	VMULPD Z14, Z0, Z0; \
	VADDPD Z15, Z0, Z1; \
	VSUBPD Z0, Z1, Z2; \
	VSUBPD Z2, Z1, Z3; \
	VSUBPD Z3, Z0, Z3; \
	VSUBPD Z2, Z15, Z4; \
	VADDPD Z4, Z3, Z3; \
	VMULPD Z28, Z1, Z1; \
	VMULPD Z28, Z3, Z3; \
	VMULPD Z29, Z1, Z2; \
	VFNMADD231PD Z30, Z2, Z1; \
	VADDPD Z3, Z1, Z1; \
	VMULPD Z29, Z1, Z1; \
	VMULPD Z31, Z1, Z0; \
	VMULPD Z31, Z2, Z8

// SHIFTZ512_UNIT is SHIFTZ512 where scale and pre, and so unscale, are 1:
// it leaves out the products by them, which are exact.
#define SHIFTZ512_UNIT \
	VADDPD Z15, Z0, Z1; \
	VSUBPD Z0, Z1, Z2; \
	VSUBPD Z2, Z1, Z3; \
	VSUBPD Z3, Z0, Z3; \
	VSUBPD Z2, Z15, Z4; \
	VADDPD Z4, Z3, Z3; \
	VMULPD Z29, Z1, Z2; \
	VFNMADD231PD Z30, Z2, Z1; \
	VADDPD Z3, Z1, Z1; \
	VMULPD Z29, Z1, Z0; \
	VMOVAPD Z2, Z8

// UNIT_SHIFT_OR jumps to general unless the scale and pre of the shift at
// R10, and so its unscale, are 1, as in most rows: SHIFTZ512_UNIT serves
// those.
#define UNIT_SHIFT_OR(general) \
	MOVQ $0x3ff0000000000000, R12 /* 1.0 */; \
	CMPQ 0(R10), R12; \
	JNE general; \
	CMPQ 16(R10), R12; \
	JNE general

// EXPZ512 sets Z5 = e^z for the eight z = zh + zl in Z8 and Z0, as
// shift.exp does, or jumps to exit if e^zh is subnormal for some of them.
#define EXPZ512(exit) \
	VCMPPD.BCST $1, logisticConst<>+80(SB), Z8, K1 /* zh < -745.2: e^z is 0 */; \
	VCMPPD.BCST $1, logisticConst<>+72(SB), Z8, K2 /* zh < -708 */; \
	KANDNW K2, K1, K3 /* subnormal: scalar only */; \
	KORTESTW K3, K3; \
	JNZ exit; \
	VPXORQ Z1, Z1, Z1; \
	VSUBPD Z8, Z1, Z1 /* -zh */; \
	EXPNEG512; \
	VFMADD213PD Z5, Z0, Z5 /* e·zl + e */; \
	VCMPPD.BCST $0x1e, logisticConst<>+88(SB), Z1, K1 /* -zh > 745.2 */; \
	VPXORQ Z2, Z2, Z2; \
	VBLENDMPD Z2, Z5, K1, Z5

// SUM512 adds the eight values in Z5 to the compensated sums of the eight
// lanes in Z26 (sums) and Z27 (errors), as lanes.add does, unless R11, the
// lanes, is nil. It uses Z2, Z3, Z4 and Z9.
#define SUM512 \
	TESTQ R11, R11; \
	JZ 9(PC); \
	VADDPD Z5, Z26, Z2 /* s = sum + v */; \
	VSUBPD Z26, Z2, Z3 /* bv = s - sum */; \
	VSUBPD Z3, Z2, Z4 /* s - bv */; \
	VSUBPD Z4, Z26, Z4 /* sum - (s - bv) */; \
	VSUBPD Z3, Z5, Z9 /* v - bv */; \
	VADDPD Z9, Z4, Z4 /* e */; \
	VMOVAPD Z2, Z26; \
	VADDPD Z4, Z27, Z27

// tailMasks holds, for r = 0 to 7, the opmask of the first r of eight
// lanes.
DATA tailMasks<>+0(SB)/2, $0x00
DATA tailMasks<>+2(SB)/2, $0x01
DATA tailMasks<>+4(SB)/2, $0x03
DATA tailMasks<>+6(SB)/2, $0x07
DATA tailMasks<>+8(SB)/2, $0x0f
DATA tailMasks<>+10(SB)/2, $0x1f
DATA tailMasks<>+12(SB)/2, $0x3f
DATA tailMasks<>+14(SB)/2, $0x7f
GLOBL tailMasks<>(SB), RODATA|NOPTR, $16

// TAIL_LOAD512 sets K4 to the lanes of the last, partial group of eight
// at BX, and Z0 to its logits, with the row's maximum in the lanes past
// the end: there z is 0 and e^z 1, so they cannot stop the kernel. It
// jumps to exit if no element is left.
#define TAIL_LOAD512(exit) \
	MOVQ CX, R8; \
	SUBQ BX, R8; \
	JZ exit; \
	LEAQ tailMasks<>(SB), R12; \
	MOVWLZX (R12)(R8*2), AX; \
	KMOVW AX, K4; \
	VPXORQ Z0, Z0, Z0; \
	VFNMADD231PD Z31, Z15, Z0 /* top·unscale = max x */; \
	VMOVUPD (DX)(BX*8), K4, Z0

// TAIL_STORE512 stores the lanes of Z5 in K4 and adds them to the sums,
// the others as 0, which leaves the sums as they were.
#define TAIL_STORE512 \
	VMOVUPD Z5, K4, (DI)(BX*8); \
	VMOVAPD.Z Z5, K4, Z5; \
	SUM512; \
	MOVQ CX, BX

// func shiftExpVector(y, x []float64, s *shift, l *lanes) int
// Sets y = s.exp(x), four at a time (eight with AVX-512, the last group
// of one to seven masked), and returns how many it did: it stops before
// the first group with a z in [-745.2, -708), where e^z is subnormal, or
// with AVX2 only, fewer than four left. The layout of shift is {scale,
// top, pre, tau, inv, unscale float64}. Unless l is nil it also adds each
// y to l, element i to lane i mod 8, as lanes.add does; it then does
// nothing without AVX-512.
TEXT ·shiftExpVector(SB), NOSPLIT, $0-72
	RETURN_ZERO_WITHOUT_AVX2(ret+64(FP))
	MOVQ y_base+0(FP), DI
	MOVQ x_base+24(FP), DX
	MOVQ x_len+32(FP), CX
	MOVQ s+48(FP), R10
	MOVQ l+56(FP), R11
	XORQ BX, BX
	TO_EIGHT(four)
	LOAD_CONSTANTS512
	SHIFT_CONSTANTS512
	TESTQ R11, R11
	JZ 3(PC)
	VMOVUPD 0(R11), Z26
	VMOVUPD 64(R11), Z27
	UNIT_SHIFT_OR(loop8)
unit8:
	NEXT_EIGHT(unittail)
	VMOVUPD (DX)(BX*8), Z0
	SHIFTZ512_UNIT
	EXPZ512(sums)
	VMOVUPD Z5, (DI)(BX*8)
	SUM512
	MOVQ R8, BX
	JMP unit8
unittail:
	TAIL_LOAD512(sums)
	SHIFTZ512_UNIT
	EXPZ512(sums)
	TAIL_STORE512
	JMP sums
loop8:
	NEXT_EIGHT(tail8)
	VMOVUPD (DX)(BX*8), Z0
	SHIFTZ512
	EXPZ512(sums)
	VMOVUPD Z5, (DI)(BX*8)
	SUM512
	MOVQ R8, BX
	JMP loop8
tail8:
	TAIL_LOAD512(sums)
	SHIFTZ512
	EXPZ512(sums)
	TAIL_STORE512
sums:
	TESTQ R11, R11
	JZ four
	VMOVUPD Z26, 0(R11)
	VMOVUPD Z27, 64(R11)
	JMP done
four:
	TESTQ R11, R11
	JNZ done
	LOAD_CONSTANTS
	SHIFT_CONSTANTS
loop:
	NEXT_FOUR(done)
	VMOVUPD (DX)(BX*8), Y0
	SHIFTZ
	VBROADCASTSD logisticConst<>+80(SB), Y9
	VCMPPD $1, Y9, Y8, Y9 // zh < -745.2: e^z is 0
	VBROADCASTSD logisticConst<>+72(SB), Y2
	VCMPPD $1, Y2, Y8, Y2 // zh < -708
	VANDNPD Y2, Y9, Y2 // subnormal: scalar only
	VMOVMSKPD Y2, AX
	TESTQ AX, AX
	JNZ done
	VXORPD Y1, Y1, Y1
	VSUBPD Y8, Y1, Y1 // -zh
	EXPNEG // e^zh
	VFMADD213PD Y5, Y0, Y5 // e·zl + e
	VBROADCASTSD logisticConst<>+88(SB), Y9
	VCMPPD $0x1e, Y9, Y1, Y9 // -zh > 745.2: e^z is 0
	VXORPD Y1, Y1, Y1
	VBLENDVPD Y9, Y1, Y5, Y5
	VMOVUPD Y5, (DI)(BX*8)
	MOVQ R8, BX
	JMP loop
done:
	RETURN_COUNT(ret+64(FP))

// LOGZ512 sets Z1 = z - logSum for the eight z = zh + zl in Z8 and Z0, as
// shiftLogVector does; Z6 = logSum, Z5 = -Inf.
#define LOGZ512 \
	VSUBPD Z6, Z8, Z1; \
	VADDPD Z0, Z1, Z1; \
	VCMPPD $0, Z5, Z8, K1 /* zh = -Inf, where zl is NaN */; \
	VMOVAPD Z8, K1, Z1

// func shiftLogVector(y, x []float64, s *shift, logSum float64) int
// Sets y = z - logSum for the logits x, four at a time (eight with
// AVX-512), as LogSoftmax.logs does; returns how many it did.
TEXT ·shiftLogVector(SB), NOSPLIT, $0-72
	RETURN_ZERO_WITHOUT_AVX2(ret+64(FP))
	MOVQ y_base+0(FP), DI
	MOVQ x_base+24(FP), DX
	MOVQ x_len+32(FP), CX
	MOVQ s+48(FP), R10
	XORQ BX, BX
	TO_EIGHT(slfour)
	SHIFT_CONSTANTS512
	VBROADCASTSD logSum+56(FP), Z6
	VBROADCASTSD logisticConst<>+104(SB), Z5 // -Inf
	UNIT_SHIFT_OR(slloop8)
slunit8:
	NEXT_EIGHT(slfour)
	VMOVUPD (DX)(BX*8), Z0
	SHIFTZ512_UNIT
	LOGZ512
	VMOVUPD Z1, (DI)(BX*8)
	MOVQ R8, BX
	JMP slunit8
slloop8:
	NEXT_EIGHT(slfour)
	VMOVUPD (DX)(BX*8), Z0
	SHIFTZ512
	LOGZ512
	VMOVUPD Z1, (DI)(BX*8)
	MOVQ R8, BX
	JMP slloop8
slfour:
	VBROADCASTSD logSum+56(FP), Y6
	SHIFT_CONSTANTS
	VBROADCASTSD logisticConst<>+104(SB), Y5 // -Inf
slloop:
	NEXT_FOUR(sldone)
	VMOVUPD (DX)(BX*8), Y0
	SHIFTZ
	VSUBPD Y6, Y8, Y1 // zh - logSum
	VADDPD Y0, Y1, Y1 // + zl
	VCMPPD $0, Y5, Y8, Y2 // zh = -Inf, where zl is NaN
	VBLENDVPD Y2, Y8, Y1, Y1
	VMOVUPD Y1, (DI)(BX*8)
	MOVQ R8, BX
	JMP slloop
sldone:
	RETURN_COUNT(ret+64(FP))

// func logSoftmaxBackwardVector(dx, g, p []float64, total, inv float64) int
// Sets dx = (g - p·total)·inv, the product fused, eight at a time; returns
// how many it did.
TEXT ·logSoftmaxBackwardVector(SB), NOSPLIT, $0-96
	RETURN_ZERO_WITHOUT_AVX2(ret+88(FP))
	MOVQ dx_base+0(FP), DI
	MOVQ dx_len+8(FP), CX
	MOVQ g_base+24(FP), SI
	MOVQ p_base+48(FP), DX
	VBROADCASTSD total+72(FP), Y6
	VBROADCASTSD inv+80(FP), Y7
	XORQ BX, BX
lbbloop:
	NEXT_EIGHT(lbbdone)
	VMOVUPD (SI)(BX*8), Y0
	VMOVUPD 32(SI)(BX*8), Y2
	VMOVUPD (DX)(BX*8), Y1
	VMOVUPD 32(DX)(BX*8), Y3
	VFNMADD231PD Y6, Y1, Y0 // g - p·total
	VFNMADD231PD Y6, Y3, Y2
	VMULPD Y7, Y0, Y0
	VMULPD Y7, Y2, Y2
	VMOVUPD Y0, (DI)(BX*8)
	VMOVUPD Y2, 32(DI)(BX*8)
	MOVQ R8, BX
	JMP lbbloop
lbbdone:
	RETURN_COUNT(ret+88(FP))

// func scanVector(x []float64, hi, lo *[4]float64) (n int, nan bool)
// Takes the maximum and minimum of x into the four lanes of hi and lo,
// element i into lane i mod 4, four at a time, and reports whether it met
// a NaN; returns how many it did. A lane that met a NaN holds no meaning.
TEXT ·scanVector(SB), NOSPLIT, $0-49
	RETURN_ZERO_FALSE_WITHOUT_AVX2(n+40(FP), nan+48(FP))
	MOVQ x_base+0(FP), DX
	MOVQ x_len+8(FP), CX
	MOVQ hi+24(FP), R10
	MOVQ lo+32(FP), R11
	VMOVUPD (R10), Y8
	VMOVUPD (R11), Y9
	VXORPD Y10, Y10, Y10
	XORQ BX, BX
scanloop:
	NEXT_FOUR(scandone)
	VMOVUPD (DX)(BX*8), Y0
	VMAXPD Y0, Y8, Y8
	VMINPD Y0, Y9, Y9
	VCMPPD $3, Y0, Y0, Y1
	VORPD Y1, Y10, Y10
	MOVQ R8, BX
	JMP scanloop
scandone:
	VMOVUPD Y8, (R10)
	VMOVUPD Y9, (R11)
	VMOVMSKPD Y10, AX
	TESTQ AX, AX
	SETNE nan+48(FP)
	RETURN_COUNT(n+40(FP))

// func indexVector(x []float64, v float64) (i int, found bool)
// Looks for v in x eight at a time: returns the index of the first
// element equal to v and true, or how many it looked at and false.
TEXT ·indexVector(SB), NOSPLIT, $0-41
	RETURN_ZERO_FALSE_WITHOUT_AVX2(i+32(FP), found+40(FP))
	MOVQ x_base+0(FP), DX
	MOVQ x_len+8(FP), CX
	VBROADCASTSD v+24(FP), Y2
	XORQ BX, BX
indexloop:
	NEXT_EIGHT(indexnone)
	VCMPPD $0, (DX)(BX*8), Y2, Y0 // x == v
	VCMPPD $0, 32(DX)(BX*8), Y2, Y1
	VMOVMSKPD Y0, AX
	VMOVMSKPD Y1, R11
	SHLQ $4, R11
	ORQ R11, AX
	JNZ indexfound
	MOVQ R8, BX
	JMP indexloop
indexfound:
	BSFQ AX, AX
	ADDQ AX, BX
	MOVB $1, found+40(FP)
	RETURN_COUNT(i+32(FP))
indexnone:
	MOVB $0, found+40(FP)
	RETURN_COUNT(i+32(FP))

// func laneSumVector(x []float64, l *lanes) int
// Adds x to the eight compensated sums of l, element i to lane i mod 8,
// eight at a time, as lanes.add does; returns how many it did.
TEXT ·laneSumVector(SB), NOSPLIT, $0-40
	RETURN_ZERO_WITHOUT_AVX2(ret+32(FP))
	MOVQ x_base+0(FP), DX
	MOVQ x_len+8(FP), CX
	MOVQ l+24(FP), R10
	LANES_IN
	XORQ BX, BX
sumloop:
	NEXT_EIGHT(sumdone)
	VMOVUPD (DX)(BX*8), Y0
	VMOVUPD 32(DX)(BX*8), Y1
	ADDLANES(Y0, Y8, Y9)
	ADDLANES(Y1, Y10, Y11)
	MOVQ R8, BX
	JMP sumloop
sumdone:
	LANES_OUT
	RETURN_COUNT(ret+32(FP))

// DOTLANES adds the products of the four a and b at off to the sums in
// sum and err, as lanes.addProduct does.
#define DOTLANES(off, sum, err) \
	VMOVUPD off(SI)(BX*8), Y0; \
	VMOVUPD off(DX)(BX*8), Y1; \
	VMULPD Y1, Y0, Y2 /* p = a·b */; \
	ADDLANES(Y2, sum, err); \
	VFMSUB231PD Y1, Y0, Y2 /* a·b - p */; \
	VFMADD231PD Y15, Y2, err

// func laneDotVector(a, b []float64, l *lanes) int
// Adds a·b to the eight compensated sums of l, element i to lane i mod 8,
// eight at a time, as lanes.addProduct does; returns how many it did.
TEXT ·laneDotVector(SB), NOSPLIT, $0-64
	RETURN_ZERO_WITHOUT_AVX2(ret+56(FP))
	MOVQ a_base+0(FP), SI
	MOVQ a_len+8(FP), CX
	MOVQ b_base+24(FP), DX
	MOVQ l+48(FP), R10
	LANES_IN
	XORQ BX, BX
dotloop:
	NEXT_EIGHT(dotdone)
	DOTLANES(0, Y8, Y9)
	DOTLANES(32, Y10, Y11)
	MOVQ R8, BX
	JMP dotloop
dotdone:
	LANES_OUT
	RETURN_COUNT(ret+56(FP))

// func scaleVector(dst, dst2, y []float64, c float64, stream bool) int
// Sets dst = y·c and, unless dst2 is empty, dst2 = y·c, sixteen at a time;
// returns how many it did. With stream set and dst2 aligned to 64 bytes, it
// writes dst2, a copy that is not read soon, around the caches; dst, often
// y itself and so in the caches already, it writes through them.
TEXT ·scaleVector(SB), NOSPLIT, $0-96
	RETURN_ZERO_WITHOUT_AVX2(ret+88(FP))
	MOVQ dst_base+0(FP), DI
	MOVQ dst2_base+24(FP), SI
	MOVQ dst2_len+32(FP), R9
	MOVQ y_base+48(FP), DX
	MOVQ y_len+56(FP), CX
	VBROADCASTSD c+72(FP), Y7
	MOVBQZX stream+80(FP), R13
	TESTQ $63, SI
	JZ 2(PC)
	XORQ R13, R13
	XORQ BX, BX
scaleloop:
	LEAQ 16(BX), R8
	CMPQ R8, CX
	JGT scaledone
	VMULPD 0(DX)(BX*8), Y7, Y0
	VMULPD 32(DX)(BX*8), Y7, Y1
	VMULPD 64(DX)(BX*8), Y7, Y2
	VMULPD 96(DX)(BX*8), Y7, Y3
	VMOVUPD Y0, 0(DI)(BX*8)
	VMOVUPD Y1, 32(DI)(BX*8)
	VMOVUPD Y2, 64(DI)(BX*8)
	VMOVUPD Y3, 96(DI)(BX*8)
	TESTQ R9, R9
	JZ scalenext
	STORE(Y0, 0(SI)(BX*8))
	STORE(Y1, 32(SI)(BX*8))
	STORE(Y2, 64(SI)(BX*8))
	STORE(Y3, 96(SI)(BX*8))
scalenext:
	MOVQ R8, BX
	JMP scaleloop
scaledone:
	RETURN_COUNT_STREAM(ret+88(FP))

// func softmaxBackwardVector(dx, g, y []float64, yg, inv float64, stream bool) int
// Sets dx = y·(g - yg)·inv, eight at a time; returns how many it did. With
// stream set and dx aligned to 64 bytes, it writes dx around the caches.
TEXT ·softmaxBackwardVector(SB), NOSPLIT, $0-104
	RETURN_ZERO_WITHOUT_AVX2(ret+96(FP))
	MOVQ dx_base+0(FP), DI
	MOVQ dx_len+8(FP), CX
	MOVQ g_base+24(FP), SI
	MOVQ y_base+48(FP), DX
	VBROADCASTSD yg+72(FP), Y6
	VBROADCASTSD inv+80(FP), Y7
	MOVBQZX stream+88(FP), R13
	STREAM_IF_ALIGNED(63)
	XORQ BX, BX
sbloop:
	NEXT_EIGHT(sbdone)
	VMOVUPD (SI)(BX*8), Y0
	VMOVUPD 32(SI)(BX*8), Y1
	VSUBPD Y6, Y0, Y0 // g - yg
	VSUBPD Y6, Y1, Y1
	VMULPD (DX)(BX*8), Y0, Y0 // y·(g - yg)
	VMULPD 32(DX)(BX*8), Y1, Y1
	VMULPD Y7, Y0, Y0
	VMULPD Y7, Y1, Y1
	STORE(Y0, (DI)(BX*8))
	STORE(Y1, 32(DI)(BX*8))
	MOVQ R8, BX
	JMP sbloop
sbdone:
	RETURN_COUNT_STREAM(ret+96(FP))
