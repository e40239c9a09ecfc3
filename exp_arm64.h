// The exponential of the arm64 vector kernels, as expNegParts in exp.go
// has it, on two lanes: the kernels of the layers with an exponential
// include it after kernels_arm64.h.

// SHL52_2 shifts both 64-bit lanes of Vn left by 52 bits into Vd.
#define SHL52_2(n, d) WORD $(0x4F745400 | (n)<<5 | (d))

// The constants of EXPPARTS, each once, in the order LOAD_EXP_CONSTANTS
// loads them: 1, log2(e), ln2Hi, ln2Lo, 2^52 + 1023, then exp.go's
// expC0...expC9; logisticRange, tanhRange, -logisticRange and -745.2
// follow, for the kernels' range checks.
DATA expConst<>+0(SB)/8, $1.0
DATA expConst<>+8(SB)/8, $1.4426950408889634
DATA expConst<>+16(SB)/8, $6.93147180369123816490e-01
DATA expConst<>+24(SB)/8, $1.90821492927058770002e-10
DATA expConst<>+32(SB)/8, $4503599627371519.0
DATA expConst<>+40(SB)/8, $0.5000000000000011
DATA expConst<>+48(SB)/8, $0.16666666666666438
DATA expConst<>+56(SB)/8, $0.04166666666652578
DATA expConst<>+64(SB)/8, $0.008333333333473702
DATA expConst<>+72(SB)/8, $0.0013888888944871439
DATA expConst<>+80(SB)/8, $0.0001984126956071939
DATA expConst<>+88(SB)/8, $2.4801491729127907e-05
DATA expConst<>+96(SB)/8, $2.755752998854819e-06
DATA expConst<>+104(SB)/8, $2.763076408594909e-07
DATA expConst<>+112(SB)/8, $2.5020400178367795e-08
DATA expConst<>+120(SB)/8, $708.0
DATA expConst<>+128(SB)/8, $354.0
DATA expConst<>+136(SB)/8, $-708.0
DATA expConst<>+144(SB)/8, $-745.2 // below, e^z rounds to 0
GLOBL expConst<>(SB), RODATA|NOPTR, $152

// LOAD_EXP_CONSTANTS loads expConst's first fifteen constants, each into
// both lanes of V16-V30 (V16 = 1, V17 = log2(e), V18 = ln2Hi, V19 = ln2Lo,
// V20 = 2^52 + 1023, V21-V30 = c0-c9), and the range check's limit at
// offset off into V31. It uses R9.
#define LOAD_EXP_CONSTANTS(off) \
	MOVD $expConst<>(SB), R9; \
	VLD1R.P 8(R9), [V16.D2]; \
	VLD1R.P 8(R9), [V17.D2]; \
	VLD1R.P 8(R9), [V18.D2]; \
	VLD1R.P 8(R9), [V19.D2]; \
	VLD1R.P 8(R9), [V20.D2]; \
	VLD1R.P 8(R9), [V21.D2]; \
	VLD1R.P 8(R9), [V22.D2]; \
	VLD1R.P 8(R9), [V23.D2]; \
	VLD1R.P 8(R9), [V24.D2]; \
	VLD1R.P 8(R9), [V25.D2]; \
	VLD1R.P 8(R9), [V26.D2]; \
	VLD1R.P 8(R9), [V27.D2]; \
	VLD1R.P 8(R9), [V28.D2]; \
	VLD1R.P 8(R9), [V29.D2]; \
	VLD1R.P 8(R9), [V30.D2]; \
	MOVD $expConst<>+(off)(SB), R9; \
	VLD1R (R9), [V31.D2]

// EXPPARTS sets Vk = 2^k and Va = e^r - 1 for the two 0 <= a <= 708 in
// Va, the parts of e^-a = 2^k·e^r as expNegParts has them, with the same
// operations in the same order: a = k·ln2 + r, e^r = 1 + (r + r²·q) with
// q by Estrin's scheme, 2^k from the exponent bits. r2, p1, p2, p3 and r4
// are scratch.
#define EXPPARTS(a, k, r2, p1, p2, p3, r4) \
	FNEG2(a, a) /* t = -a */; \
	FMUL2(17, a, k); \
	FRINTN2(k, k) /* k = round(t·log2e) */; \
	FMLS2(18, k, a) /* r = t - k·ln2Hi */; \
	FMLS2(19, k, a) /* r -= k·ln2Lo */; \
	FMUL2(a, a, r2) /* r² */; \
	MOV2(21, p1); \
	FMLA2(22, a, p1) /* c0 + c1·r */; \
	MOV2(23, p2); \
	FMLA2(24, a, p2) /* c2 + c3·r */; \
	FMLA2(r2, p2, p1) /* q01 */; \
	MOV2(25, p2); \
	FMLA2(26, a, p2) /* c4 + c5·r */; \
	MOV2(27, p3); \
	FMLA2(28, a, p3) /* c6 + c7·r */; \
	FMLA2(r2, p3, p2) /* q23 */; \
	MOV2(29, p3); \
	FMLA2(30, a, p3) /* c8 + c9·r */; \
	FMUL2(r2, r2, r4) /* r⁴ */; \
	FMLA2(r4, p3, p2) /* q23 + (c8 + c9·r)·r⁴ */; \
	FMLA2(r4, p2, p1) /* q = q01 + that·r⁴ */; \
	FMLA2(p1, r2, a) /* r + r²·q */; \
	FADD2(20, k, k) /* k + 2^52 + 1023 */; \
	SHL52_2(k, k) /* 2^k */

// LOGISTIC sets V8 = σ(x) and V4 = 1-σ(x) for the two x in V0, as
// logisticVec does, or jumps to exit if some |x| > 708 (V31) or is NaN.
// It uses V1-V7.
#define LOGISTIC(exit) \
	FABS2(0, 1); \
	FCMGE2(1, 31, 2) /* 708 >= |x|: false for NaN */; \
	IN_RANGE(2, exit); \
	EXPPARTS(1, 2, 3, 4, 5, 6, 7); \
	FADD2(16, 1, 1); \
	FMUL2(2, 1, 1) /* e = (1 + m)·2^k */; \
	FADD2(16, 1, 3); \
	FDIV2(3, 16, 3) /* p = 1/(1 + e) */; \
	FMUL2(3, 1, 4) /* q = e·p */; \
	FCMLT02(0, 5) /* x < 0 */; \
	MOV2(3, 8); \
	BIT2(5, 4, 8) /* σ(x) = x < 0 ? q : p */; \
	BIT2(5, 3, 4) /* 1-σ(x) = x < 0 ? p : q */
