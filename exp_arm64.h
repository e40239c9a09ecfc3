// The exponential of the arm64 vector kernels, as expNegParts in exp.go
// has it, on two lanes: the kernels of the layers with an exponential
// include it after kernels_arm64.h.

// SHL52_2 shifts both 64-bit lanes of Vn left by 52 bits into Vd.
#define SHL52_2(n, d) WORD $(0x4F745400 | (n)<<5 | (d))

// The constants of EXPPARTS, in the order LOAD_EXP_CONSTANTS loads them:
// 1, log2(e), ln2Hi, ln2Lo, 2^52 + 1023, then exp.go's expC0...expC9;
// logisticRange, tanhRange, -logisticRange and -745.2 follow, for the
// kernels' range checks.
PAIR(expConst<>, 0, $1.0)
PAIR(expConst<>, 16, $1.4426950408889634)
PAIR(expConst<>, 32, $6.93147180369123816490e-01)
PAIR(expConst<>, 48, $1.90821492927058770002e-10)
PAIR(expConst<>, 64, $4503599627371519.0)
PAIR(expConst<>, 80, $0.5000000000000011)
PAIR(expConst<>, 96, $0.16666666666666438)
PAIR(expConst<>, 112, $0.04166666666652578)
PAIR(expConst<>, 128, $0.008333333333473702)
PAIR(expConst<>, 144, $0.0013888888944871439)
PAIR(expConst<>, 160, $0.0001984126956071939)
PAIR(expConst<>, 176, $2.4801491729127907e-05)
PAIR(expConst<>, 192, $2.755752998854819e-06)
PAIR(expConst<>, 208, $2.763076408594909e-07)
PAIR(expConst<>, 224, $2.5020400178367795e-08)
PAIR(expConst<>, 240, $708.0)
PAIR(expConst<>, 256, $354.0)
PAIR(expConst<>, 272, $-708.0)
PAIR(expConst<>, 288, $-745.2) // below, e^z rounds to 0
GLOBL expConst<>(SB), RODATA|NOPTR, $304

// LOAD_EXP_CONSTANTS loads expConst's first fifteen constants into
// V16-V30 (V16 = 1, V17 = log2(e), V18 = ln2Hi, V19 = ln2Lo, V20 = 2^52 +
// 1023, V21-V30 = c0-c9), and the range check's limit at offset off into
// V31. It uses R9.
#define LOAD_EXP_CONSTANTS(off) \
	MOVD $expConst<>(SB), R9; \
	VLD1.P 64(R9), [V16.D2, V17.D2, V18.D2, V19.D2]; \
	LOAD_EXP_COEFS(R9); \
	MOVD $expConst<>+(off)(SB), R9; \
	VLD1 (R9), [V31.D2]

// LOAD_EXP_COEFS loads V20-V30 from r, expConst+64, which it moves on:
// the kernels whose other work needs those registers reload them so.
#define LOAD_EXP_COEFS(r) \
	VLD1.P 64(r), [V20.D2, V21.D2, V22.D2, V23.D2]; \
	VLD1.P 64(r), [V24.D2, V25.D2, V26.D2, V27.D2]; \
	VLD1 (r), [V28.D2, V29.D2, V30.D2]

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
// vector.go's logistic has them, or jumps to exit if some |x| > 708 (V31) or is NaN.
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
