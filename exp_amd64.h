// The exponential of the vector kernels, as expNegParts in exp.go has it,
// four at a time (Y registers) and eight (Z registers): the kernels of
// the layers with an exponential include it after kernels_amd64.h.

// exp.go's coefficients expC0...expC9, c0 first, each four times: the
// FMAs take them from memory as whole vectors. 1 follows them.
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
// vector.go's logistic has them, or jumps to done if some |x| > 708 or is NaN.
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
