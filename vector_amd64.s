//go:build !noasm

#include "textflag.h"

// Constants, each as one float64 to broadcast.
DATA logisticConst<>+0(SB)/8, $1.0
DATA logisticConst<>+8(SB)/8, $708.0                // logisticRange
DATA logisticConst<>+16(SB)/8, $1.4426950408889634  // log2(e)
DATA logisticConst<>+24(SB)/8, $6.93147180369123816490e-01 // ln2Hi
DATA logisticConst<>+32(SB)/8, $1.90821492927058770002e-10 // ln2Lo
DATA logisticConst<>+40(SB)/8, $4503599627371519.0  // 2^52 + 1023
DATA logisticConst<>+48(SB)/8, $0x7fffffffffffffff  // |x| mask
DATA logisticConst<>+56(SB)/8, $354.0               // tanhRange
DATA logisticConst<>+64(SB)/8, $0x0020000000000000 // 2 in the exponent field: ·4
DATA logisticConst<>+72(SB)/8, $-708.0              // -logisticRange
DATA logisticConst<>+80(SB)/8, $-745.2              // below, e^z rounds to 0
DATA logisticConst<>+88(SB)/8, $745.2
DATA logisticConst<>+96(SB)/8, $0x8000000000000000 // the sign bit
DATA logisticConst<>+104(SB)/8, $0xfff0000000000000 // -Inf
DATA logisticConst<>+112(SB)/8, $3.0
DATA logisticConst<>+120(SB)/8, $6.0
DATA logisticConst<>+128(SB)/8, $0.16666666666666666 // 1/6
DATA logisticConst<>+136(SB)/8, $0x7ff0000000000000 // +Inf
DATA logisticConst<>+144(SB)/8, $0.5
DATA logisticConst<>+152(SB)/8, $0x5fe0000000000000 // 2^511
GLOBL logisticConst<>(SB), RODATA|NOPTR, $160

// DATA4 stores v four times from sym+off, a vector for the memory operand
// of an instruction (AVX2 has no broadcast from memory but VBROADCASTSD).
#define DATA4(sym, off, v) \
	DATA sym+(off)(SB)/8, v; \
	DATA sym+(off+8)(SB)/8, v; \
	DATA sym+(off+16)(SB)/8, v; \
	DATA sym+(off+24)(SB)/8, v

// expCoef's coefficients, c0 first, each four times: the FMAs take them
// from memory as whole vectors. 1 follows them.
DATA4(expCoef<>, 0, $0.5000000000000011)
DATA4(expCoef<>, 32, $0.16666666666666438)
DATA4(expCoef<>, 64, $0.04166666666652578)
DATA4(expCoef<>, 96, $0.008333333333473702)
DATA4(expCoef<>, 128, $0.0013888888944871439)
DATA4(expCoef<>, 160, $0.0001984126956071939)
DATA4(expCoef<>, 192, $2.4801491729127907e-05)
DATA4(expCoef<>, 224, $2.755752998854819e-06)
DATA4(expCoef<>, 256, $2.763076408594909e-07)
DATA4(expCoef<>, 288, $2.5020400178367795e-08)
DATA4(expCoef<>, 320, $1.0)
GLOBL expCoef<>(SB), RODATA|NOPTR, $352

// RETURN_ZERO_WITHOUT_AVX2 returns 0 at once where the CPU lacks AVX2 or
// FMA (useAVX2 is false), before any vector instruction: the Go code then
// takes every element.
#define RETURN_ZERO_WITHOUT_AVX2(ret) \
	CMPB ·useAVX2(SB), $0; \
	JNE 3(PC); \
	MOVQ $0, ret; \
	RET

// RETURN_ZERO_FALSE_WITHOUT_AVX2 is RETURN_ZERO_WITHOUT_AVX2 for a kernel
// that also returns a flag: it returns 0 and false.
#define RETURN_ZERO_FALSE_WITHOUT_AVX2(ret, flag) \
	CMPB ·useAVX2(SB), $0; \
	JNE 4(PC); \
	MOVQ $0, ret; \
	MOVB $0, flag; \
	RET

// PAIR_ARGS loads the arguments (y, dy, x []float64) of a kernel that sets
// y and, unless dy is empty, dy: DI = y, SI = dy, R9 = len(dy), DX = x,
// CX = len(x), and BX = 0, the index.
#define PAIR_ARGS \
	MOVQ y_base+0(FP), DI; \
	MOVQ dy_base+24(FP), SI; \
	MOVQ dy_len+32(FP), R9; \
	MOVQ x_base+48(FP), DX; \
	MOVQ x_len+56(FP), CX; \
	XORQ BX, BX

// NEXT_FOUR sets R8 to the end of the next group of four elements, or
// jumps to exit if fewer than four are left.
#define NEXT_FOUR(exit) \
	LEAQ 4(BX), R8; \
	CMPQ R8, CX; \
	JGT exit

// RETURN_COUNT returns BX, the number of elements done.
#define RETURN_COUNT(ret) \
	VZEROUPPER; \
	MOVQ BX, ret; \
	RET

// CHECK sets Y1 = |x| for the four x in Y0, or jumps to done if some |x|
// is above Y14 or NaN.
#define CHECK \
	VANDPD Y15, Y0, Y1; \
	VCMPPD $0x16, Y14, Y1, Y2 /* !(|x| <= limit): also NaN */; \
	VMOVMSKPD Y2, AX; \
	TESTQ AX, AX; \
	JNZ done

// EXPPARTS sets Y6 = 2^k and Y8 = e^r - 1 for the four 0 <= a <= 708 in
// Y1, the parts of e^-a = 2^k·e^r as expNegParts has them: a = k·ln2 + r,
// e^r = 1 + (r + r²·q) with expCoef's q by Estrin's scheme, 2^k from the
// exponent bits. It uses Y2-Y5 and Y9.
#define EXPPARTS \
	VXORPD Y2, Y2, Y2; \
	VSUBPD Y1, Y2, Y2 /* t = -a */; \
	VMULPD Y13, Y2, Y3; \
	VROUNDPD $0, Y3, Y3 /* k = round(t·log2e) */; \
	VMOVAPD Y2, Y4; \
	VFNMADD231PD Y12, Y3, Y4 /* r = t - k·ln2Hi */; \
	VFNMADD231PD Y11, Y3, Y4 /* r -= k·ln2Lo */; \
	VMULPD Y4, Y4, Y2 /* r² */; \
	VBROADCASTSD expCoef<>+32(SB), Y5; \
	VFMADD213PD expCoef<>+0(SB), Y4, Y5 /* c1·r + c0 */; \
	VBROADCASTSD expCoef<>+96(SB), Y6; \
	VFMADD213PD expCoef<>+64(SB), Y4, Y6 /* c3·r + c2 */; \
	VFMADD213PD Y5, Y2, Y6 /* q01 */; \
	VBROADCASTSD expCoef<>+160(SB), Y5; \
	VFMADD213PD expCoef<>+128(SB), Y4, Y5 /* c5·r + c4 */; \
	VBROADCASTSD expCoef<>+224(SB), Y8; \
	VFMADD213PD expCoef<>+192(SB), Y4, Y8 /* c7·r + c6 */; \
	VFMADD213PD Y5, Y2, Y8 /* q23 */; \
	VBROADCASTSD expCoef<>+288(SB), Y5; \
	VFMADD213PD expCoef<>+256(SB), Y4, Y5 /* c9·r + c8 */; \
	VMULPD Y2, Y2, Y9 /* r⁴ */; \
	VFMADD213PD Y8, Y9, Y5 /* (c9·r + c8)·r⁴ + q23 */; \
	VFMADD213PD Y6, Y9, Y5 /* q = that·r⁴ + q01 */; \
	VMOVAPD Y2, Y8; \
	VFMADD213PD Y4, Y5, Y8 /* r²·q + r */; \
	VADDPD Y10, Y3, Y6 /* k + 2^52 + 1023 */; \
	VPSLLQ $52, Y6, Y6 /* 2^k */

// EXPNEG sets Y5 = e^-a for the four 0 <= a <= 708 in Y1, as expNeg does,
// and leaves EXPPARTS's parts in Y6 and Y8.
#define EXPNEG \
	EXPPARTS; \
	VADDPD expCoef<>+320(SB), Y8, Y5 /* 1 + ... */; \
	VMULPD Y6, Y5, Y5

// LOGISTIC sets Y8 = σ(x) and Y9 = 1-σ(x) for the four x in Y0, as
// logisticVec does, or jumps to done if some |x| > 708 or is NaN.
#define LOGISTIC \
	CHECK; \
	EXPNEG; \
	VADDPD Y7, Y5, Y6 /* 1 + e */; \
	VDIVPD Y6, Y7, Y6 /* p = 1/(1+e) */; \
	VMULPD Y6, Y5, Y5 /* q = e·p */; \
	VXORPD Y2, Y2, Y2; \
	VCMPPD $1, Y2, Y0, Y2 /* x < 0 */; \
	VBLENDVPD Y2, Y5, Y6, Y8 /* s = x < 0 ? q : p */; \
	VBLENDVPD Y2, Y6, Y5, Y9 /* c = x < 0 ? p : q */

#define LOAD_CONSTANTS \
	VBROADCASTSD logisticConst<>+0(SB), Y7; \
	VBROADCASTSD logisticConst<>+16(SB), Y13; \
	VBROADCASTSD logisticConst<>+24(SB), Y12; \
	VBROADCASTSD logisticConst<>+32(SB), Y11; \
	VBROADCASTSD logisticConst<>+40(SB), Y10; \
	VBROADCASTSD logisticConst<>+48(SB), Y15

// The AVX-512 forms of the macros above, eight elements at a time in Z
// registers, with the same operations in the same order.

// TO_EIGHT jumps to four unless the CPU has AVX-512F (useAVX512): the
// kernel then starts at its loop of four.
#define TO_EIGHT(four) \
	CMPB ·useAVX512(SB), $0; \
	JEQ four

// NEXT_EIGHT is NEXT_FOUR for a group of eight.
#define NEXT_EIGHT(exit) \
	LEAQ 8(BX), R8; \
	CMPQ R8, CX; \
	JGT exit

// LOAD_CONSTANTS512 loads LOAD_CONSTANTS's constants into the Z
// registers, and expCoef's c0 ... c9 into Z16-Z25.
#define LOAD_CONSTANTS512 \
	VBROADCASTSD logisticConst<>+0(SB), Z7; \
	VBROADCASTSD logisticConst<>+16(SB), Z13; \
	VBROADCASTSD logisticConst<>+24(SB), Z12; \
	VBROADCASTSD logisticConst<>+32(SB), Z11; \
	VBROADCASTSD logisticConst<>+40(SB), Z10; \
	VBROADCASTSD logisticConst<>+48(SB), Z15; \
	VBROADCASTSD expCoef<>+0(SB), Z16; \
	VBROADCASTSD expCoef<>+32(SB), Z17; \
	VBROADCASTSD expCoef<>+64(SB), Z18; \
	VBROADCASTSD expCoef<>+96(SB), Z19; \
	VBROADCASTSD expCoef<>+128(SB), Z20; \
	VBROADCASTSD expCoef<>+160(SB), Z21; \
	VBROADCASTSD expCoef<>+192(SB), Z22; \
	VBROADCASTSD expCoef<>+224(SB), Z23; \
	VBROADCASTSD expCoef<>+256(SB), Z24; \
	VBROADCASTSD expCoef<>+288(SB), Z25

// CHECK512 is CHECK for the eight x in Z0, jumping to exit.
#define CHECK512(exit) \
	VPANDQ Z15, Z0, Z1; \
	VCMPPD $0x16, Z14, Z1, K1; \
	KORTESTW K1, K1; \
	JNZ exit

// EXPPARTS512 is EXPNEG for the eight a in Z1 up to its parts: 2^k in Z6
// and e^r - 1 in Z8.
#define EXPPARTS512 \
	VPXORQ Z2, Z2, Z2; \
	VSUBPD Z1, Z2, Z2; \
	VMULPD Z13, Z2, Z3; \
	VRNDSCALEPD $0, Z3, Z3; \
	VMOVAPD Z2, Z4; \
	VFNMADD231PD Z12, Z3, Z4; \
	VFNMADD231PD Z11, Z3, Z4; \
	VMULPD Z4, Z4, Z2; \
	VMOVAPD Z17, Z5; \
	VFMADD213PD Z16, Z4, Z5; \
	VMOVAPD Z19, Z6; \
	VFMADD213PD Z18, Z4, Z6; \
	VFMADD213PD Z5, Z2, Z6; \
	VMOVAPD Z21, Z5; \
	VFMADD213PD Z20, Z4, Z5; \
	VMOVAPD Z23, Z8; \
	VFMADD213PD Z22, Z4, Z8; \
	VFMADD213PD Z5, Z2, Z8; \
	VMOVAPD Z25, Z5; \
	VFMADD213PD Z24, Z4, Z5; \
	VMULPD Z2, Z2, Z9; \
	VFMADD213PD Z8, Z9, Z5; \
	VFMADD213PD Z6, Z9, Z5; \
	VMOVAPD Z2, Z8; \
	VFMADD213PD Z4, Z5, Z8; \
	VADDPD Z10, Z3, Z6; \
	VPSLLQ $52, Z6, Z6

// EXPNEG512 is EXPNEG for the eight a in Z1, into Z5.
#define EXPNEG512 \
	EXPPARTS512; \
	VADDPD Z7, Z8, Z5; \
	VMULPD Z6, Z5, Z5

// LOGISTIC512 is LOGISTIC for the eight x in Z0, into Z8 and Z9, jumping
// to exit.
#define LOGISTIC512(exit) \
	CHECK512(exit); \
	EXPNEG512; \
	VADDPD Z7, Z5, Z6; \
	VDIVPD Z6, Z7, Z6; \
	VMULPD Z6, Z5, Z5; \
	VPXORQ Z2, Z2, Z2; \
	VCMPPD $1, Z2, Z0, K2; \
	VBLENDMPD Z5, Z6, K2, Z8; \
	VBLENDMPD Z6, Z5, K2, Z9

// func sigmoidVector(y, dy, x []float64) int
// Sets y = σ(x) and, unless dy is empty, dy = σ(x)(1-σ(x)), four at a
// time (eight with AVX-512), and returns how many it did: it stops before
// the first group of four with a value out of range, or fewer than four
// left.
TEXT ·sigmoidVector(SB), NOSPLIT, $0-80
	RETURN_ZERO_WITHOUT_AVX2(ret+72(FP))
	PAIR_ARGS
	TO_EIGHT(four)
	LOAD_CONSTANTS512
	VBROADCASTSD logisticConst<>+8(SB), Z14
loop8:
	NEXT_EIGHT(four)
	VMOVUPD (DX)(BX*8), Z0
	LOGISTIC512(four)
	VMOVUPD Z8, (DI)(BX*8)
	TESTQ R9, R9
	JZ next8
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
	VMOVUPD Y8, (DI)(BX*8)
	TESTQ R9, R9
	JZ next
	VMULPD Y9, Y8, Y9
	VMOVUPD Y9, (SI)(BX*8)
next:
	MOVQ R8, BX
	JMP loop
done:
	RETURN_COUNT(ret+72(FP))

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

// func tanhVector(y, dy, x []float64) int
// As sigmoidVector for y = tanh x and dy = 1 - tanh² x, as tanhElem does,
// for |x| <= 354.
TEXT ·tanhVector(SB), NOSPLIT, $0-80
	RETURN_ZERO_WITHOUT_AVX2(ret+72(FP))
	PAIR_ARGS
	TO_EIGHT(four)
	LOAD_CONSTANTS512
	VBROADCASTSD logisticConst<>+56(SB), Z14
	VPBROADCASTQ logisticConst<>+64(SB), Z29 // ·4
	VADDPD Z7, Z7, Z28 // 2
loop8:
	NEXT_EIGHT(four)
	VMOVUPD (DX)(BX*8), Z0
	CHECK512(four)
	VADDPD Z1, Z1, Z1
	EXPPARTS512
	VSUBPD Z7, Z6, Z9
	VFMADD231PD Z8, Z6, Z9
	VADDPD Z28, Z9, Z3
	VSUBPD Z28, Z3, Z4
	VSUBPD Z4, Z9, Z4
	VDIVPD Z3, Z7, Z5
	VMOVAPD Z7, Z1
	VFNMADD231PD Z5, Z3, Z1
	VFNMADD231PD Z5, Z4, Z1
	VFMADD231PD Z1, Z5, Z5
	VMULPD Z5, Z9, Z4
	VPTERNLOGQ $0xe4, Z15, Z0, Z4 // |Z4| with the sign of x
	VMOVUPD Z4, (DI)(BX*8)
	TESTQ R9, R9
	JZ next8
	VMOVAPD Z5, Z1
	VFMADD231PD Z8, Z5, Z1
	VPADDQ Z29, Z6, Z2
	VMULPD Z2, Z1, Z1
	VMULPD Z5, Z1, Z1
	VMOVUPD Z1, (SI)(BX*8)
next8:
	MOVQ R8, BX
	JMP loop8
four:
	LOAD_CONSTANTS
	VBROADCASTSD logisticConst<>+56(SB), Y14
loop:
	NEXT_FOUR(done)
	VMOVUPD (DX)(BX*8), Y0
	CHECK
	VADDPD Y1, Y1, Y1 // 2a
	EXPPARTS // e^-2a = 2^k·(1+m): Y6, Y8
	VSUBPD Y7, Y6, Y9
	VFMADD231PD Y8, Y6, Y9 // d = e - 1
	VADDPD Y7, Y7, Y2
	VADDPD Y2, Y9, Y3 // h = 2 + d
	VSUBPD Y2, Y3, Y4
	VSUBPD Y4, Y9, Y4 // l = d - (h - 2)
	VDIVPD Y3, Y7, Y5 // p = 1/h
	VMOVAPD Y7, Y1
	VFNMADD231PD Y5, Y3, Y1 // 1 - h·p
	VFNMADD231PD Y5, Y4, Y1 // - l·p
	VFMADD231PD Y1, Y5, Y5 // p corrected
	VMULPD Y5, Y9, Y4 // d·p = -tanh a
	VANDPD Y15, Y4, Y4
	VANDNPD Y0, Y15, Y2 // the sign of x
	VORPD Y2, Y4, Y4
	VMOVUPD Y4, (DI)(BX*8)
	TESTQ R9, R9
	JZ next
	VMOVAPD Y5, Y1
	VFMADD231PD Y8, Y5, Y1 // (1+m)·p
	VPBROADCASTQ logisticConst<>+64(SB), Y2
	VPADDQ Y2, Y6, Y2 // 4·2^k
	VMULPD Y2, Y1, Y1 // 4e·p
	VMULPD Y5, Y1, Y1 // dy = 4e·p·p
	VMOVUPD Y1, (SI)(BX*8)
next:
	MOVQ R8, BX
	JMP loop
done:
	RETURN_COUNT(ret+72(FP))

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

// STREAM_IF_ALIGNED(mask) keeps R13, the stream flag, only where DI, the
// destination, is aligned as mask+1 bytes, as VMOVNTPD needs.
#define STREAM_IF_ALIGNED(mask) \
	TESTQ $mask, DI; \
	JZ 2(PC); \
	XORQ R13, R13

// STORE stores the vector v at addr, around the caches where R13, the
// stream flag, is set.
#define STORE(v, addr) \
	TESTQ R13, R13; \
	JNZ 3(PC); \
	VMOVUPD v, addr; \
	JMP 2(PC); \
	VMOVNTPD v, addr

// RETURN_COUNT_STREAM is RETURN_COUNT after a fence for the stores around
// the caches, which are not ordered with later stores.
#define RETURN_COUNT_STREAM(ret) \
	TESTQ R13, R13; \
	JZ 2(PC); \
	SFENCE; \
	RETURN_COUNT(ret)

// STREAM_PAIR loads the stream flag into R13 and keeps it only where DI
// and SI, the destinations y and dy (or nil), are aligned to 64 bytes.
#define STREAM_PAIR(flag) \
	MOVBQZX flag, R13; \
	STREAM_IF_ALIGNED(63); \
	TESTQ $63, SI; \
	JZ 2(PC); \
	XORQ R13, R13

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

// codeBits holds, for each 4-bit mask, the four bytes of its bits.
DATA codeBits<>+0(SB)/4, $0x00000000
DATA codeBits<>+4(SB)/4, $0x00000001
DATA codeBits<>+8(SB)/4, $0x00000100
DATA codeBits<>+12(SB)/4, $0x00000101
DATA codeBits<>+16(SB)/4, $0x00010000
DATA codeBits<>+20(SB)/4, $0x00010001
DATA codeBits<>+24(SB)/4, $0x00010100
DATA codeBits<>+28(SB)/4, $0x00010101
DATA codeBits<>+32(SB)/4, $0x01000000
DATA codeBits<>+36(SB)/4, $0x01000001
DATA codeBits<>+40(SB)/4, $0x01000100
DATA codeBits<>+44(SB)/4, $0x01000101
DATA codeBits<>+48(SB)/4, $0x01010000
DATA codeBits<>+52(SB)/4, $0x01010001
DATA codeBits<>+56(SB)/4, $0x01010100
DATA codeBits<>+60(SB)/4, $0x01010101
GLOBL codeBits<>(SB), RODATA|NOPTR, $64

DATA4(codeInts<>, 0, $1) // the codes 1 and 2, as int64
DATA4(codeInts<>, 32, $2)
GLOBL codeInts<>(SB), RODATA|NOPTR, $64

// RELU8 sets y and, unless codes is empty, codes for the eight x at BX,
// as reluCodesVector does, storing y with store. The kernel has a loop for
// each store, VMOVUPD and VMOVNTPD: STORE's test and jumps in the loop
// had made ReLU's Forward 17% slower in L2. The streaming loop, which
// takes batches from memory, also asks for x 1 KiB ahead (PREFETCHNTA):
// a ReLU step on 2048x2048 is 8% to 10% faster for it.
#define RELU8(store) \
	VMOVUPD (DX)(BX*8), Z0; \
	VCMPPD $0x16, Z7, Z0, K1 /* x > 0 or NaN */; \
	VMOVAPD.Z Z0, K1, Z2 /* max(x, 0), +0 for -0 */; \
	store Z2, (DI)(BX*8); \
	TESTQ R9, R9; \
	JZ 6(PC); \
	VCMPPD $0x1e, Z7, Z0, K2 /* x > 0 */; \
	VCMPPD $3, Z0, Z0, K3 /* NaN */; \
	VMOVDQA64.Z Z8, K2, Z3; \
	VMOVDQA64 Z9, K3, Z3; \
	VPMOVQB Z3, (SI)(BX*1)

// func reluCodesVector(y []float64, codes []byte, x []float64, stream bool) int
// Sets y = max(x, 0) and, unless codes is empty, codes to the code of
// its derivative (1 for x > 0, 2 for NaN, 0 otherwise), four at a time
// (eight with AVX-512), as relu does; returns how many it did. With stream
// set and y aligned to 64 bytes, it writes y around the caches.
TEXT ·reluCodesVector(SB), NOSPLIT, $0-88
	RETURN_ZERO_WITHOUT_AVX2(ret+80(FP))
	MOVQ y_base+0(FP), DI
	MOVQ codes_base+24(FP), SI
	MOVQ codes_len+32(FP), R9
	MOVQ x_base+48(FP), DX
	MOVQ x_len+56(FP), CX
	MOVBQZX stream+72(FP), R13
	STREAM_IF_ALIGNED(63)
	XORQ BX, BX
	TO_EIGHT(relufour)
	VPXORQ Z7, Z7, Z7
	VPBROADCASTQ codeInts<>+0(SB), Z8
	VPBROADCASTQ codeInts<>+32(SB), Z9
	TESTQ R13, R13
	JNZ relustream8
reluloop8:
	NEXT_EIGHT(relufour)
	RELU8(VMOVUPD)
	MOVQ R8, BX
	JMP reluloop8
relustream8:
	NEXT_EIGHT(relufour)
	PREFETCHNTA 1024(DX)(BX*8)
	RELU8(VMOVNTPD)
	MOVQ R8, BX
	JMP relustream8
relufour:
	VXORPD Y7, Y7, Y7 // 0
	LEAQ codeBits<>(SB), R12
reluloop:
	NEXT_FOUR(reludone)
	VMOVUPD (DX)(BX*8), Y0
	VCMPPD $0x16, Y7, Y0, Y1 // x > 0 or NaN
	VANDPD Y0, Y1, Y2 // max(x, 0), +0 for -0
	STORE(Y2, (DI)(BX*8))
	TESTQ R9, R9
	JZ relunext
	VCMPPD $0x1e, Y7, Y0, Y3 // x > 0
	VMOVMSKPD Y3, AX
	VCMPPD $3, Y0, Y0, Y4 // NaN
	VMOVMSKPD Y4, R11
	MOVL (R12)(AX*4), AX
	MOVL (R12)(R11*4), R11
	SHLL $1, R11
	ORL R11, AX
	MOVL AX, (SI)(BX*1)
relunext:
	MOVQ R8, BX
	JMP reluloop
reludone:
	RETURN_COUNT_STREAM(ret+80(FP))

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

// ADDLANES adds the four values in v to the compensated sums in the
// vectors sum and err, as lanes.add does. It uses Y3, Y4, Y12 and Y13, and
// Y15 = 1: the last two additions are FMAs by 1, which round the same, so
// that they run beside the others on the multiply units instead of waiting
// for the adders.
#define ADDLANES(v, sum, err) \
	VADDPD v, sum, Y3 /* s = sum + v */; \
	VSUBPD sum, Y3, Y4 /* bv = s - sum */; \
	VSUBPD Y4, Y3, Y12 /* s - bv */; \
	VSUBPD Y12, sum, Y12 /* sum - (s - bv) */; \
	VSUBPD Y4, v, Y13 /* v - bv */; \
	VFMADD231PD Y15, Y12, Y13 /* e */; \
	VMOVAPD Y3, sum; \
	VFMADD231PD Y15, Y13, err

// LANES_IN loads the eight lanes at R10 into Y8 and Y10 (sums of lanes
// 0-3 and 4-7) and Y9 and Y11 (their errors), and 1 into Y15 for ADDLANES;
// LANES_OUT stores them back.
#define LANES_IN \
	VMOVUPD 0(R10), Y8; \
	VMOVUPD 32(R10), Y10; \
	VMOVUPD 64(R10), Y9; \
	VMOVUPD 96(R10), Y11; \
	VBROADCASTSD logisticConst<>+0(SB), Y15


#define LANES_OUT \
	VMOVUPD Y8, 0(R10); \
	VMOVUPD Y10, 32(R10); \
	VMOVUPD Y9, 64(R10); \
	VMOVUPD Y11, 96(R10)

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

// GELU_TANH_V sets v0 = v = k1·x + k3·x³, for the x at BX, with its low
// part into s0 and v' = k1 + 3·k3·x² into s1, as geluTanh does. v0-v9 are
// Y0-Y9 or Z0-Z9, s0 and s1 places on the stack or registers.
#define GELU_TANH_V(v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, s0, s1) \
	VMOVUPD (DX)(BX*8), v0; \
	VMULPD v0, v0, v1 /* x2 */; \
	VMOVAPD v1, v2; \
	VFMSUB231PD v0, v0, v2 /* x2l */; \
	VMULPD v0, v1, v3 /* x3 */; \
	VMOVAPD v3, v4; \
	VFMSUB231PD v0, v1, v4; \
	VFMADD231PD v0, v2, v4 /* x3l */; \
	VBROADCASTSD ·geluTanhConst+32(SB), v5 /* 3·k3 */; \
	VBROADCASTSD ·geluTanhConst+0(SB), v6 /* k1 */; \
	VFMADD231PD v1, v5, v6; \
	VFMADD231PD v2, v5, v6 /* dv */; \
	VMOVUPD v6, s1; \
	VBROADCASTSD ·geluTanhConst+16(SB), v5 /* k3 high */; \
	VMULPD v3, v5, v8 /* a */; \
	VMOVAPD v8, v9; \
	VFMSUB231PD v3, v5, v9; \
	VFMADD231PD v4, v5, v9; \
	VBROADCASTSD ·geluTanhConst+24(SB), v5 /* k3 low */; \
	VFMADD231PD v3, v5, v9 /* al */; \
	VBROADCASTSD ·geluTanhConst+0(SB), v5 /* k1 high */; \
	VMULPD v0, v5, v1 /* b */; \
	VMOVAPD v1, v2; \
	VFMSUB231PD v0, v5, v2; \
	VBROADCASTSD ·geluTanhConst+8(SB), v5 /* k1 low */; \
	VFMADD231PD v0, v5, v2 /* bl */; \
	VADDPD v1, v8, v3 /* v = a + b */; \
	VSUBPD v8, v3, v4 /* bv = v - a */; \
	VSUBPD v4, v3, v5; \
	VSUBPD v5, v8, v5 /* a - (v - bv) */; \
	VSUBPD v4, v1, v6 /* b - bv */; \
	VADDPD v6, v5, v5 /* the error of v */; \
	VADDPD v2, v9, v9 /* al + bl */; \
	VADDPD v9, v5, v5 /* vl */; \
	VMOVUPD v5, s0; \
	VMOVAPD v3, v0

// GELU_TANH_Y sets v4 = y = x·σ(v) from s = σ(v) in v8, c = 1-σ(v) in v9
// and the low part of v in s0, corrected to first order in it, with the x
// at BX in v0, s in v2 and c in v3.
#define GELU_TANH_Y(v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, s0, s1) \
	VMOVUPD s0, v1 /* vl */; \
	VMULPD v9, v8, v2 /* sc */; \
	VMOVAPD v2, v3; \
	VFMADD213PD v8, v1, v2 /* s = sc·vl + s */; \
	VFNMADD213PD v9, v1, v3 /* c = c - sc·vl */; \
	VMOVUPD (DX)(BX*8), v0 /* x */; \
	VMULPD v2, v0, v4

// GELU_TANH_DY sets v8 = y' = s·(1 + x·c·v') from GELU_TANH_Y's v0, v2,
// v3, v7 = 1 and v' in s1.
#define GELU_TANH_DY(v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, s0, s1) \
	VMULPD v3, v0, v5 /* xc */; \
	VMOVAPD v5, v6; \
	VFMSUB231PD v3, v0, v6 /* xcl */; \
	VMOVUPD s1, v1 /* dv */; \
	VMOVAPD v7, v8; \
	VFMADD231PD v1, v5, v8 /* xc·dv + 1 */; \
	VFMADD231PD v1, v6, v8 /* xcl·dv + that */; \
	VMULPD v8, v2, v8

// func geluTanhVector(y, dy, x []float64) int
// As sigmoidVector for y = x·σ(v) and its derivative, v = k1·x + k3·x³ in
// double-double, as geluTanh does where |v| <= 708. vl and v' wait on the
// stack (in Z26 and Z27 with AVX-512) while LOGISTIC has the registers.
TEXT ·geluTanhVector(SB), NOSPLIT, $64-80
	RETURN_ZERO_WITHOUT_AVX2(ret+72(FP))
	PAIR_ARGS
	TO_EIGHT(four)
	LOAD_CONSTANTS512
	VBROADCASTSD logisticConst<>+8(SB), Z14
gtloop8:
	NEXT_EIGHT(four)
	GELU_TANH_V(Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7, Z8, Z9, Z26, Z27)
	LOGISTIC512(four) // Z8 = σ(v), Z9 = 1 - σ(v)
	GELU_TANH_Y(Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7, Z8, Z9, Z26, Z27)
	VMOVUPD Z4, (DI)(BX*8) // y = x·s
	TESTQ R9, R9
	JZ gtnext8
	GELU_TANH_DY(Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7, Z8, Z9, Z26, Z27)
	VMOVUPD Z8, (SI)(BX*8) // dy
gtnext8:
	MOVQ R8, BX
	JMP gtloop8
four:
	LOAD_CONSTANTS
	VBROADCASTSD logisticConst<>+8(SB), Y14
gtloop:
	NEXT_FOUR(gtdone)
	GELU_TANH_V(Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7, Y8, Y9, 0(SP), 32(SP))
	LOGISTIC // Y8 = σ(v), Y9 = 1 - σ(v)
	GELU_TANH_Y(Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7, Y8, Y9, 0(SP), 32(SP))
	VMOVUPD Y4, (DI)(BX*8) // y = x·s
	TESTQ R9, R9
	JZ gtnext
	GELU_TANH_DY(Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7, Y8, Y9, 0(SP), 32(SP))
	VMOVUPD Y8, (SI)(BX*8) // dy
gtnext:
	MOVQ R8, BX
	JMP gtloop
gtdone:
done:
	RETURN_COUNT(ret+72(FP))

// STORE_BY_SIGN512 stores y and, unless dy is empty, dy for the eight x in
// Z0: the values for x > 0 from ypos and dypos, the others from y and dy.
// zero is a register it clears.
#define STORE_BY_SIGN512(zero, y, ypos, dy, dypos) \
	VPXORQ zero, zero, zero; \
	VCMPPD $0x1e, zero, Z0, K3 /* x > 0 */; \
	VMOVAPD ypos, K3, y; \
	VMOVUPD y, (DI)(BX*8); \
	TESTQ R9, R9; \
	JZ 3(PC); \
	VMOVAPD dypos, K3, dy; \
	VMOVUPD dy, (SI)(BX*8)

// MISH_BRANCHES computes both of mish's branches for the x in v0, with
// e = e^-|x| in v5 and 1 in v7: for x > 0, y into s0 and y' into s1; for
// x <= 0, y into v6 and y' into v4. v0-v9 are Y0-Y9 or Z0-Z9, s0 and s1
// places on the stack or registers.
#define MISH_BRANCHES(v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, s0, s1) \
	/* x > 0: n = 1+2e, d = 2e·e + n */ \
	VADDPD v5, v5, v2 /* 2e */; \
	VADDPD v7, v2, v3 /* n */; \
	VMOVAPD v3, v4; \
	VFMADD231PD v5, v2, v4 /* d */; \
	VDIVPD v4, v3, v6; \
	VMULPD v6, v0, v6 /* y = x·(n/d) */; \
	VMOVUPD v6, s0; \
	VADDPD v2, v2, v8 /* 4e */; \
	VMULPD v5, v8, v8; \
	VMULPD v0, v8, v8 /* 4e·e·x */; \
	VMULPD v4, v3, v9 /* n·d */; \
	VADDPD v7, v5, v1 /* 1+e */; \
	VFMADD231PD v1, v8, v9; \
	VMULPD v4, v4, v4; \
	VDIVPD v4, v9, v9 /* y' */; \
	VMOVUPD v9, s1; \
	/* x <= 0: n = e·e + 2e, d + dl = n + 2 */ \
	VMOVAPD v2, v3; \
	VFMADD231PD v5, v5, v3 /* n */; \
	VADDPD v7, v7, v1 /* 2 */; \
	VADDPD v1, v3, v4 /* d */; \
	VSUBPD v3, v4, v6 /* bv = d - n */; \
	VSUBPD v6, v4, v8 /* d - bv */; \
	VSUBPD v8, v3, v8 /* n - (d - bv) */; \
	VSUBPD v6, v1, v9 /* 2 - bv */; \
	VADDPD v9, v8, v8 /* dl */; \
	VDIVPD v4, v3, v6; \
	VMULPD v6, v0, v6 /* y = x·(n/d) */; \
	VADDPD v0, v0, v1; \
	VADDPD v1, v1, v1 /* 4x */; \
	VADDPD v7, v7, v9; \
	VADDPD v9, v5, v2 /* e+2 */; \
	VMOVAPD v1, v3; \
	VFMADD231PD v4, v2, v3 /* (e+2)·d + 4x */; \
	VFMADD231PD v5, v1, v3 /* inner = 4x·e + that */; \
	VMULPD v3, v5, v1 /* num */; \
	VMOVAPD v1, v2; \
	VFMSUB231PD v3, v5, v2 /* numl */; \
	VMULPD v4, v4, v3 /* den */; \
	VMOVAPD v3, v9; \
	VFMSUB231PD v4, v4, v9 /* denl */; \
	VADDPD v4, v4, v4 /* 2d */; \
	VFMADD231PD v8, v4, v9 /* denl = 2d·dl + denl */; \
	VDIVPD v3, v1, v4 /* q = num/den */; \
	VMOVAPD v1, v8; \
	VFNMADD231PD v3, v4, v8 /* num - q·den */; \
	VADDPD v2, v8, v8 /* + numl */; \
	VFNMADD231PD v9, v4, v8 /* - q·denl */; \
	VDIVPD v3, v8, v8; \
	VADDPD v8, v4, v4 /* y' */

// func mishVector(y, dy, x []float64) int
// As sigmoidVector for y = x·tanh(softplus(x)) and its derivative, as mish
// does for |x| <= 708: both of its branches on every lane, then a blend.
// The branch for x > 0 waits on the stack (in Z26 and Z27 with AVX-512).
TEXT ·mishVector(SB), NOSPLIT, $64-80
	RETURN_ZERO_WITHOUT_AVX2(ret+72(FP))
	PAIR_ARGS
	TO_EIGHT(four)
	LOAD_CONSTANTS512
	VBROADCASTSD logisticConst<>+8(SB), Z14
mishloop8:
	NEXT_EIGHT(four)
	VMOVUPD (DX)(BX*8), Z0
	CHECK512(four)
	EXPNEG512 // e = e^-|x|
	MISH_BRANCHES(Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7, Z8, Z9, Z26, Z27)
	STORE_BY_SIGN512(Z1, Z6, Z26, Z4, Z27)
	MOVQ R8, BX
	JMP mishloop8
four:
	LOAD_CONSTANTS
	VBROADCASTSD logisticConst<>+8(SB), Y14
mishloop:
	NEXT_FOUR(mishdone)
	VMOVUPD (DX)(BX*8), Y0
	CHECK
	EXPNEG // e = e^-|x|
	MISH_BRANCHES(Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7, Y8, Y9, 0(SP), 32(SP))
	VXORPD Y1, Y1, Y1
	VCMPPD $0x1e, Y1, Y0, Y1 // x > 0
	VBLENDVPD Y1, 0(SP), Y6, Y6
	VMOVUPD Y6, (DI)(BX*8)
	TESTQ R9, R9
	JZ mishnext
	VBLENDVPD Y1, 32(SP), Y4, Y4
	VMOVUPD Y4, (SI)(BX*8)
mishnext:
	MOVQ R8, BX
	JMP mishloop
mishdone:
done:
	RETURN_COUNT(ret+72(FP))

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

// log1pConst holds what log1pUnit takes, each four times for the memory
// operands of the vector instructions: 1/2, 2, Lg1 ... Lg7 and √2-1.
DATA4(log1pConst<>, 0, $0.5)
DATA4(log1pConst<>, 32, $2.0)
DATA4(log1pConst<>, 64, $6.666666666666735130e-01)
DATA4(log1pConst<>, 96, $3.999999999940941908e-01)
DATA4(log1pConst<>, 128, $2.857142874366239149e-01)
DATA4(log1pConst<>, 160, $2.222219843214978396e-01)
DATA4(log1pConst<>, 192, $1.818357216161805012e-01)
DATA4(log1pConst<>, 224, $1.531383769920937332e-01)
DATA4(log1pConst<>, 256, $1.479819860511658591e-01)
DATA4(log1pConst<>, 288, $0.41421356237309503)
GLOBL log1pConst<>(SB), RODATA|NOPTR, $320

// LOG1P sets Y5 = log1pUnit(w) for the four w in Y6, as log1pUnit does,
// with Y7 = 1. It uses Y1, Y3, Y8-Y13.
#define LOG1P \
	VCMPPD $0x1e, log1pConst<>+288(SB), Y6, Y1 /* w > √2-1 */; \
	VSUBPD Y7, Y6, Y3; \
	VMULPD log1pConst<>+0(SB), Y3, Y3 /* (w-1)/2 */; \
	VBLENDVPD Y1, Y3, Y6, Y3 /* f */; \
	VANDPD Y7, Y1, Y1 /* k */; \
	VMULPD log1pConst<>+0(SB), Y3, Y5; \
	VMULPD Y3, Y5, Y5 /* hfsq = f²/2 */; \
	VADDPD log1pConst<>+32(SB), Y3, Y8; \
	VDIVPD Y8, Y3, Y8 /* s = f/(2+f) */; \
	VMULPD Y8, Y8, Y9 /* z */; \
	VMULPD Y9, Y9, Y10 /* zz */; \
	VBROADCASTSD log1pConst<>+224(SB), Y11; \
	VFMADD213PD log1pConst<>+160(SB), Y10, Y11; \
	VFMADD213PD log1pConst<>+96(SB), Y10, Y11; \
	VMULPD Y11, Y10, Y11 /* t1 */; \
	VBROADCASTSD log1pConst<>+256(SB), Y12; \
	VFMADD213PD log1pConst<>+192(SB), Y10, Y12; \
	VFMADD213PD log1pConst<>+128(SB), Y10, Y12; \
	VFMADD213PD log1pConst<>+64(SB), Y10, Y12; \
	VMULPD Y12, Y9, Y12 /* t2 */; \
	VADDPD Y11, Y12, Y12; \
	VADDPD Y12, Y5, Y12 /* hfsq + (t2 + t1) */; \
	VBROADCASTSD logisticConst<>+32(SB), Y13; \
	VMULPD Y13, Y1, Y13 /* k·ln2Lo */; \
	VFMADD231PD Y12, Y8, Y13; \
	VSUBPD Y13, Y5, Y5; \
	VSUBPD Y3, Y5, Y5; \
	VBROADCASTSD logisticConst<>+24(SB), Y13; \
	VFMSUB231PD Y13, Y1, Y5 /* k·ln2Hi - ((hfsq - ...) - f) */

// LOG1P512 is LOG1P for the eight w in Z6, with LOAD_CONSTANTS512's Z7,
// Z11 and Z12. It uses Z1, Z3, Z8, Z9, Z28-Z31 and K3.
#define LOG1P512 \
	VCMPPD.BCST $0x1e, log1pConst<>+288(SB), Z6, K3; \
	VSUBPD Z7, Z6, Z3; \
	VMULPD.BCST log1pConst<>+0(SB), Z3, Z3; \
	VBLENDMPD Z3, Z6, K3, Z3; \
	VMOVAPD.Z Z7, K3, Z1; \
	VMULPD.BCST log1pConst<>+0(SB), Z3, Z5; \
	VMULPD Z3, Z5, Z5; \
	VADDPD.BCST log1pConst<>+32(SB), Z3, Z8; \
	VDIVPD Z8, Z3, Z8; \
	VMULPD Z8, Z8, Z9; \
	VMULPD Z9, Z9, Z28; \
	VBROADCASTSD log1pConst<>+224(SB), Z29; \
	VFMADD213PD.BCST log1pConst<>+160(SB), Z28, Z29; \
	VFMADD213PD.BCST log1pConst<>+96(SB), Z28, Z29; \
	VMULPD Z29, Z28, Z29; \
	VBROADCASTSD log1pConst<>+256(SB), Z30; \
	VFMADD213PD.BCST log1pConst<>+192(SB), Z28, Z30; \
	VFMADD213PD.BCST log1pConst<>+128(SB), Z28, Z30; \
	VFMADD213PD.BCST log1pConst<>+64(SB), Z28, Z30; \
	VMULPD Z30, Z9, Z30; \
	VADDPD Z29, Z30, Z30; \
	VADDPD Z30, Z5, Z30; \
	VMULPD Z11, Z1, Z31; \
	VFMADD231PD Z30, Z8, Z31; \
	VSUBPD Z31, Z5, Z5; \
	VSUBPD Z3, Z5, Z5; \
	VFMSUB231PD Z12, Z1, Z5

// func softplusVector(y, dy, x []float64, beta, threshold float64) int
// As sigmoidVector for y = log(1+e^(βx))/β and dy = σ(βx), as softplus
// does where |βx| <= 708 and βx <= threshold.
TEXT ·softplusVector(SB), NOSPLIT, $0-96
	RETURN_ZERO_WITHOUT_AVX2(ret+88(FP))
	PAIR_ARGS
	TO_EIGHT(four)
	LOAD_CONSTANTS512
	VBROADCASTSD logisticConst<>+8(SB), Z14
	VBROADCASTSD beta+72(FP), Z26
	VBROADCASTSD threshold+80(FP), Z27
loop8:
	NEXT_EIGHT(four)
	VMOVUPD (DX)(BX*8), Z2
	VMULPD Z26, Z2, Z0 // p = βx
	VCMPPD $0x1e, Z27, Z0, K1 // p > threshold
	KORTESTW K1, K1
	JNZ four
	CHECK512(four)
	EXPNEG512 // Z5 = e^-|p|
	VMOVUPD (DX)(BX*8), Z1
	VMOVAPD Z0, Z2
	VFMSUB231PD Z26, Z1, Z2 // pl = βx - p
	VPXORQ Z3, Z3, Z3
	VCMPPD $0x1e, Z3, Z0, K2 // p > 0
	VMOVAPD Z5, Z6
	VFMADD213PD Z5, Z2, Z6 // e·pl + e
	VMOVAPD Z5, K2, Z6 // w
	LOG1P512
	VADDPD Z5, Z2, Z8
	VADDPD Z8, Z0, Z8 // p + (pl + log(1+w))
	VMOVAPD Z8, K2, Z5
	VDIVPD Z26, Z5, Z5
	VMOVUPD Z5, (DI)(BX*8)
	TESTQ R9, R9
	JZ next8
	VMOVAPD Z6, Z9
	VMOVAPD Z7, K2, Z9 // 1 or w
	VADDPD Z7, Z6, Z3
	VDIVPD Z3, Z9, Z9
	VMOVUPD Z9, (SI)(BX*8)
next8:
	MOVQ R8, BX
	JMP loop8
four:
	VBROADCASTSD logisticConst<>+0(SB), Y7
	VBROADCASTSD logisticConst<>+48(SB), Y15
	VBROADCASTSD logisticConst<>+8(SB), Y14
spfloop:
	NEXT_FOUR(spfdone)
	VMOVUPD (DX)(BX*8), Y0
	VBROADCASTSD beta+72(FP), Y9
	VMULPD Y9, Y0, Y0 // p = βx
	VBROADCASTSD threshold+80(FP), Y2
	VCMPPD $0x1e, Y2, Y0, Y2 // p > threshold
	VMOVMSKPD Y2, AX
	TESTQ AX, AX
	JNZ spfdone
	CHECK
	VBROADCASTSD logisticConst<>+16(SB), Y13 // EXPNEG's, which LOG1P overwrote
	VBROADCASTSD logisticConst<>+24(SB), Y12
	VBROADCASTSD logisticConst<>+32(SB), Y11
	VBROADCASTSD logisticConst<>+40(SB), Y10
	EXPNEG // Y5 = e^-|p|
	VMOVUPD (DX)(BX*8), Y1
	VBROADCASTSD beta+72(FP), Y9
	VMOVAPD Y0, Y2
	VFMSUB231PD Y9, Y1, Y2 // pl = βx - p
	VXORPD Y3, Y3, Y3
	VCMPPD $0x1e, Y3, Y0, Y4 // p > 0
	VMOVAPD Y5, Y6
	VFMADD213PD Y5, Y2, Y6 // e·pl + e
	VBLENDVPD Y4, Y5, Y6, Y6 // w
	LOG1P
	VADDPD Y5, Y2, Y8
	VADDPD Y8, Y0, Y8 // p + (pl + log(1+w))
	VBLENDVPD Y4, Y8, Y5, Y8
	VBROADCASTSD beta+72(FP), Y9
	VDIVPD Y9, Y8, Y8
	VMOVUPD Y8, (DI)(BX*8)
	TESTQ R9, R9
	JZ spfnext
	VBLENDVPD Y4, Y7, Y6, Y9 // 1 or w
	VADDPD Y7, Y6, Y10
	VDIVPD Y10, Y9, Y9
	VMOVUPD Y9, (SI)(BX*8)
spfnext:
	MOVQ R8, BX
	JMP spfloop
spfdone:
done:
	RETURN_COUNT(ret+88(FP))

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

// func hardSigmoidVector(y, dy, x []float64, stream bool) int
// As sigmoidVector for y = min(max(x+3, 0), 6)/6 and dy = 1/6 inside
// (-3, 3), 0 outside and NaN for NaN, as hardSigmoid does; with stream set
// and y and dy aligned to 64 bytes, it writes them around the caches.
TEXT ·hardSigmoidVector(SB), NOSPLIT, $0-88
	RETURN_ZERO_WITHOUT_AVX2(ret+80(FP))
	MOVQ y_base+0(FP), DI
	MOVQ dy_base+24(FP), SI
	MOVQ dy_len+32(FP), R9
	MOVQ x_base+48(FP), DX
	MOVQ x_len+56(FP), CX
	STREAM_PAIR(stream+72(FP))
	VBROADCASTSD logisticConst<>+112(SB), Y5 // 3
	VBROADCASTSD logisticConst<>+120(SB), Y6 // 6
	VBROADCASTSD logisticConst<>+128(SB), Y8 // 1/6
	VXORPD Y7, Y7, Y7
	VSUBPD Y5, Y7, Y9 // -3
	XORQ BX, BX
hsloop:
	NEXT_FOUR(hsdone)
	VMOVUPD (DX)(BX*8), Y0
	VADDPD Y5, Y0, Y1 // x + 3
	VMAXPD Y1, Y7, Y1 // max(x+3, 0), NaN kept
	VMINPD Y1, Y6, Y1 // min(..., 6), NaN kept
	VDIVPD Y6, Y1, Y1
	STORE(Y1, (DI)(BX*8))
	TESTQ R9, R9
	JZ hsnext
	VCMPPD $0x1e, Y9, Y0, Y2 // x > -3
	VCMPPD $0x11, Y5, Y0, Y3 // x < 3
	VANDPD Y3, Y2, Y2
	VANDPD Y8, Y2, Y2
	VCMPPD $3, Y0, Y0, Y4 // NaN
	VBLENDVPD Y4, Y0, Y2, Y2
	STORE(Y2, (SI)(BX*8))
hsnext:
	MOVQ R8, BX
	JMP hsloop
hsdone:
	RETURN_COUNT_STREAM(ret+80(FP))

// func hardSwishVector(y, dy, x []float64, stream bool) int
// As hardSigmoidVector for PyTorch's hard swish and its derivative, as
// hardSwish does.
TEXT ·hardSwishVector(SB), NOSPLIT, $0-88
	RETURN_ZERO_WITHOUT_AVX2(ret+80(FP))
	MOVQ y_base+0(FP), DI
	MOVQ dy_base+24(FP), SI
	MOVQ dy_len+32(FP), R9
	MOVQ x_base+48(FP), DX
	MOVQ x_len+56(FP), CX
	STREAM_PAIR(stream+72(FP))
	VBROADCASTSD logisticConst<>+112(SB), Y5 // 3
	VBROADCASTSD logisticConst<>+120(SB), Y6 // 6
	VBROADCASTSD logisticConst<>+0(SB), Y8 // 1
	VXORPD Y7, Y7, Y7
	VSUBPD Y5, Y7, Y9 // -3
	XORQ BX, BX
hwloop:
	NEXT_FOUR(hwdone)
	VMOVUPD (DX)(BX*8), Y0
	VADDPD Y5, Y0, Y1 // x + 3
	VMULPD Y1, Y0, Y1
	VDIVPD Y6, Y1, Y1 // x(x+3)/6
	VCMPPD $0x1d, Y5, Y0, Y2 // x >= 3
	VBLENDVPD Y2, Y0, Y1, Y1
	VCMPPD $0x12, Y9, Y0, Y2 // x <= -3
	VBLENDVPD Y2, Y7, Y1, Y1
	STORE(Y1, (DI)(BX*8))
	TESTQ R9, R9
	JZ hwnext
	VADDPD Y0, Y0, Y3
	VADDPD Y5, Y3, Y3
	VDIVPD Y6, Y3, Y3 // (2x+3)/6
	VCMPPD $0x11, Y9, Y0, Y2 // x < -3
	VBLENDVPD Y2, Y7, Y3, Y3
	VCMPPD $0x1e, Y5, Y0, Y2 // x > 3
	VBLENDVPD Y2, Y8, Y3, Y3
	STORE(Y3, (SI)(BX*8))
hwnext:
	MOVQ R8, BX
	JMP hwloop
hwdone:
	RETURN_COUNT_STREAM(ret+80(FP))

// func cpuid(leaf, sub uint32) (eax, ebx, ecx, edx uint32)
TEXT ·cpuid(SB), NOSPLIT, $0-24
	MOVL leaf+0(FP), AX
	MOVL sub+4(FP), CX
	CPUID
	MOVL AX, eax+8(FP)
	MOVL BX, ebx+12(FP)
	MOVL CX, ecx+16(FP)
	MOVL DX, edx+20(FP)
	RET

// func xgetbv() (eax uint32)
TEXT ·xgetbv(SB), NOSPLIT, $0-4
	MOVL $0, CX
	XGETBV
	MOVL AX, eax+0(FP)
	RET

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

// tanhcf holds Tanhshrink's constants, each four times for the memory
// operands of the vector instructions: tanhcfP, tanhcfQ and tanhcfE of
// shrink.go, then 1/3 in two parts, 1.25 and 3.
DATA4(tanhcf<>, 0, $4583103525.0)
DATA4(tanhcf<>, 32, $349188840.0)
DATA4(tanhcf<>, 64, $6891885.0)
DATA4(tanhcf<>, 96, $42900.0)
DATA4(tanhcf<>, 128, $65.0)
DATA4(tanhcf<>, 160, $13749310575.0)
DATA4(tanhcf<>, 192, $6547290750.0)
DATA4(tanhcf<>, 224, $413513100.0)
DATA4(tanhcf<>, 256, $7567560.0)
DATA4(tanhcf<>, 288, $45045.0)
DATA4(tanhcf<>, 320, $66.0)
DATA4(tanhcf<>, 352, $5499724230.0)
DATA4(tanhcf<>, 384, $392837445.0)
DATA4(tanhcf<>, 416, $7438860.0)
DATA4(tanhcf<>, 448, $44850.0)
DATA4(tanhcf<>, 480, $66.0)
DATA4(tanhcf<>, 512, $0.3333333333333333)
DATA4(tanhcf<>, 544, $1.850371707708594e-17)
DATA4(tanhcf<>, 576, $1.25)
DATA4(tanhcf<>, 608, $3.0)
GLOBL tanhcf<>(SB), RODATA|NOPTR, $640

// HORNER sets v to the polynomial whose coefficients are at the offsets
// c0 ... of tanhcf<>, highest first, in t: v = v·t + c, for the memory
// operands of mov and fma (VBROADCASTSD and VFMADD213PD, or their
// broadcast forms).
#define HORNER6(fma, t, v, c5, c4, c3, c2, c1, c0) \
	VBROADCASTSD tanhcf<>+c5(SB), v; \
	fma tanhcf<>+c4(SB), t, v; \
	fma tanhcf<>+c3(SB), t, v; \
	fma tanhcf<>+c2(SB), t, v; \
	fma tanhcf<>+c1(SB), t, v; \
	fma tanhcf<>+c0(SB), t, v

#define HORNER5(fma, t, v, c4, c3, c2, c1, c0) \
	VBROADCASTSD tanhcf<>+c4(SB), v; \
	fma tanhcf<>+c3(SB), t, v; \
	fma tanhcf<>+c2(SB), t, v; \
	fma tanhcf<>+c1(SB), t, v; \
	fma tanhcf<>+c0(SB), t, v

// func tanhshrinkVector(y, dy, x []float64) int
// As sigmoidVector for y = x - tanh x and dy = tanh² x, as tanhshrink does
// for |x| <= 354: by the continued fraction's polynomials for |x| <= 1.25,
// from the exponential's parts beyond, both computed and one kept.
TEXT ·tanhshrinkVector(SB), NOSPLIT, $64-80
	RETURN_ZERO_WITHOUT_AVX2(ret+72(FP))
	PAIR_ARGS
	TO_EIGHT(four)
	LOAD_CONSTANTS512
	VBROADCASTSD logisticConst<>+56(SB), Z14
	VADDPD Z7, Z7, Z28 // 2
loop8:
	NEXT_EIGHT(four)
	VMOVUPD (DX)(BX*8), Z0
	CHECK512(four) // Z1 = a = |x|
	VMULPD Z1, Z1, Z26 // t
	HORNER6(VFMADD213PD.BCST, Z26, Z27, 320, 288, 256, 224, 192, 160) // q
	HORNER5(VFMADD213PD.BCST, Z26, Z29, 480, 448, 416, 384, 352) // E
	VMULPD Z29, Z26, Z29
	VMULPD.BCST tanhcf<>+608(SB), Z27, Z30
	VDIVPD Z30, Z29, Z29
	VBROADCASTSD tanhcf<>+512(SB), Z30
	VSUBPD Z29, Z30, Z30 // r below t = 1: 1/3 - t·E/(3q)
	HORNER5(VFMADD213PD.BCST, Z26, Z29, 128, 96, 64, 32, 0) // P
	VDIVPD Z27, Z29, Z29 // r from t = 1: P/q
	VCMPPD $1, Z7, Z26, K2 // t < 1
	VMOVAPD Z30, K2, Z29 // r
	VBROADCASTSD tanhcf<>+544(SB), Z3
	VMOVAPD.Z Z3, K2, Z2 // rl
	VMULPD Z26, Z1, Z3 // c = a·t
	VMOVAPD Z3, Z4
	VFMSUB231PD Z26, Z1, Z4 // cl = a·t - c
	VMOVAPD Z26, Z5
	VFMSUB231PD Z1, Z1, Z5 // a·a - t
	VFMADD231PD Z5, Z1, Z4 // cl += a·(a·a - t)
	VMULPD Z2, Z3, Z5
	VFMADD231PD Z29, Z4, Z5
	VFMADD231PD Z29, Z3, Z5 // f = c·r + (cl·r + c·rl)
	VMOVAPD Z5, Z30
	VSUBPD Z5, Z1, Z6 // th = a + -f, as twoSum has it
	VSUBPD Z1, Z6, Z8
	VSUBPD Z8, Z6, Z9
	VSUBPD Z9, Z1, Z9
	VADDPD Z8, Z5, Z8
	VSUBPD Z8, Z9, Z9 // tl
	VMULPD Z6, Z6, Z2 // sq
	VMOVAPD Z2, Z3
	VFMSUB231PD Z6, Z6, Z3
	VADDPD Z6, Z6, Z4
	VFMADD231PD Z9, Z4, Z3
	VADDPD Z3, Z2, Z31 // tanh² = sq + (2th·tl + (th·th - sq))
	VADDPD Z1, Z1, Z1 // 2a
	EXPPARTS512 // e^-2a = 2^k·(1+m): Z6, Z8
	VMOVAPD Z6, Z2
	VFMADD231PD Z8, Z6, Z2 // e
	VSUBPD Z7, Z6, Z3
	VFMADD231PD Z8, Z6, Z3 // d = e - 1
	VADDPD Z28, Z3, Z4 // h = 2 + d
	VSUBPD Z28, Z4, Z5
	VSUBPD Z5, Z3, Z5 // l = d - (h - 2)
	VDIVPD Z4, Z7, Z9 // p = 1/h
	VMOVAPD Z7, Z6
	VFNMADD231PD Z9, Z4, Z6
	VFNMADD231PD Z9, Z5, Z6
	VFMADD231PD Z6, Z9, Z9 // p corrected
	VADDPD Z2, Z2, Z3
	VMULPD Z9, Z3, Z3 // 2e·p
	VPANDQ Z15, Z0, Z6 // a
	VSUBPD Z7, Z6, Z4
	VADDPD Z3, Z4, Z4 // y = (a - 1) + 2e·p
	VADDPD Z2, Z2, Z5
	VADDPD Z5, Z5, Z5
	VMULPD Z9, Z5, Z5
	VMULPD Z9, Z5, Z5
	VSUBPD Z5, Z7, Z5 // dy = 1 - 4e·p·p
	VCMPPD.BCST $0x12, tanhcf<>+576(SB), Z6, K3 // a <= 1.25
	VMOVAPD Z30, K3, Z4
	VMOVAPD Z31, K3, Z5
	VPTERNLOGQ $0xe4, Z15, Z0, Z4 // with the sign of x
	VMOVUPD Z4, (DI)(BX*8)
	TESTQ R9, R9
	JZ next8
	VMOVUPD Z5, (SI)(BX*8)
next8:
	MOVQ R8, BX
	JMP loop8
four:
	LOAD_CONSTANTS
loop:
	NEXT_FOUR(done)
	VMOVUPD (DX)(BX*8), Y0
	VBROADCASTSD logisticConst<>+56(SB), Y14 // the limit; Y14 is taken below
	CHECK // Y1 = a
	VMULPD Y1, Y1, Y14 // t
	HORNER6(VFMADD213PD, Y14, Y2, 320, 288, 256, 224, 192, 160) // q
	HORNER5(VFMADD213PD, Y14, Y3, 480, 448, 416, 384, 352) // E
	VMULPD Y3, Y14, Y3
	VMULPD tanhcf<>+608(SB), Y2, Y4
	VDIVPD Y4, Y3, Y3
	VMOVUPD tanhcf<>+512(SB), Y4
	VSUBPD Y3, Y4, Y4 // r below t = 1
	HORNER5(VFMADD213PD, Y14, Y3, 128, 96, 64, 32, 0) // P
	VDIVPD Y2, Y3, Y3 // r from t = 1
	VCMPPD $1, Y7, Y14, Y5 // t < 1
	VBLENDVPD Y5, Y4, Y3, Y3 // r
	VANDPD tanhcf<>+544(SB), Y5, Y2 // rl
	VMULPD Y14, Y1, Y4 // c
	VMOVAPD Y4, Y5
	VFMSUB231PD Y14, Y1, Y5 // cl
	VMOVAPD Y14, Y6
	VFMSUB231PD Y1, Y1, Y6
	VFMADD231PD Y6, Y1, Y5
	VMULPD Y2, Y4, Y6
	VFMADD231PD Y3, Y5, Y6
	VFMADD231PD Y3, Y4, Y6 // f
	VMOVUPD Y6, 0(SP)
	VSUBPD Y6, Y1, Y2 // th
	VSUBPD Y1, Y2, Y3
	VSUBPD Y3, Y2, Y4
	VSUBPD Y4, Y1, Y4
	VADDPD Y3, Y6, Y3
	VSUBPD Y3, Y4, Y4 // tl
	VMULPD Y2, Y2, Y3 // sq
	VMOVAPD Y3, Y5
	VFMSUB231PD Y2, Y2, Y5
	VADDPD Y2, Y2, Y6
	VFMADD231PD Y4, Y6, Y5
	VADDPD Y5, Y3, Y3 // tanh²
	VMOVUPD Y3, 32(SP)
	VADDPD Y1, Y1, Y1 // 2a
	EXPPARTS // Y6 = 2^k, Y8 = m
	VMOVAPD Y6, Y2
	VFMADD231PD Y8, Y6, Y2 // e
	VSUBPD Y7, Y6, Y3
	VFMADD231PD Y8, Y6, Y3 // d
	VADDPD Y7, Y7, Y14 // 2
	VADDPD Y14, Y3, Y4 // h
	VSUBPD Y14, Y4, Y5
	VSUBPD Y5, Y3, Y5 // l
	VDIVPD Y4, Y7, Y9 // p
	VMOVAPD Y7, Y6
	VFNMADD231PD Y9, Y4, Y6
	VFNMADD231PD Y9, Y5, Y6
	VFMADD231PD Y6, Y9, Y9 // p corrected
	VADDPD Y2, Y2, Y3
	VMULPD Y9, Y3, Y3 // 2e·p
	VANDPD Y15, Y0, Y6 // a
	VSUBPD Y7, Y6, Y4
	VADDPD Y3, Y4, Y4 // y
	VADDPD Y2, Y2, Y5
	VADDPD Y5, Y5, Y5
	VMULPD Y9, Y5, Y5
	VMULPD Y9, Y5, Y5
	VSUBPD Y5, Y7, Y5 // dy
	VCMPPD $0x12, tanhcf<>+576(SB), Y6, Y6 // a <= 1.25
	VBLENDVPD Y6, 0(SP), Y4, Y4
	VBLENDVPD Y6, 32(SP), Y5, Y5
	VANDNPD Y0, Y15, Y2 // the sign of x
	VORPD Y2, Y4, Y4
	VMOVUPD Y4, (DI)(BX*8)
	TESTQ R9, R9
	JZ next
	VMOVUPD Y5, (SI)(BX*8)
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
