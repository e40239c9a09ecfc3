// Macros that the arm64 kernel files share.
//
// Go's assembler names few of the Advanced SIMD (NEON) floating-point
// instructions, so those the kernels need are encoded here, on two
// float64 lanes (the .2D arrangement). Their operands are register
// numbers (0 for V0) in the assembler's order, sources first: FSUB2(m, n,
// d) sets Vd = Vn - Vm, as SUB Rm, Rn, Rd does. Each rounds once, as the
// scalar instruction the Go code compiles to does; FMLA2 and FMLS2 are
// fused, as math.FMA is.

#define FADD2(m, n, d) WORD $(0x4E60D400 | (m)<<16 | (n)<<5 | (d)) /* Vd = Vn + Vm */
#define FSUB2(m, n, d) WORD $(0x4EE0D400 | (m)<<16 | (n)<<5 | (d)) /* Vd = Vn - Vm */
#define FMUL2(m, n, d) WORD $(0x6E60DC00 | (m)<<16 | (n)<<5 | (d)) /* Vd = Vn · Vm */
#define FDIV2(m, n, d) WORD $(0x6E60FC00 | (m)<<16 | (n)<<5 | (d)) /* Vd = Vn / Vm */
#define FMLA2(m, n, d) WORD $(0x4E60CC00 | (m)<<16 | (n)<<5 | (d)) /* Vd = Vd + Vn·Vm, fused */
#define FMLS2(m, n, d) WORD $(0x4EE0CC00 | (m)<<16 | (n)<<5 | (d)) /* Vd = Vd - Vn·Vm, fused */
#define FMAX2(m, n, d) WORD $(0x4E60F400 | (m)<<16 | (n)<<5 | (d)) /* Vd = max(Vn, Vm), NaN if either is */
#define FCMGE2(m, n, d) WORD $(0x6E60E400 | (m)<<16 | (n)<<5 | (d)) /* Vd = Vn >= Vm: all ones or zero */
#define FCMGT2(m, n, d) WORD $(0x6EE0E400 | (m)<<16 | (n)<<5 | (d)) /* Vd = Vn > Vm */
#define FCMEQ2(m, n, d) WORD $(0x4E60E400 | (m)<<16 | (n)<<5 | (d)) /* Vd = Vn == Vm */
#define FCMLT02(n, d) WORD $(0x4EE0E800 | (n)<<5 | (d)) /* Vd = Vn < 0 */
#define FABS2(n, d) WORD $(0x4EE0F800 | (n)<<5 | (d)) /* Vd = |Vn| */
#define FNEG2(n, d) WORD $(0x6EE0F800 | (n)<<5 | (d)) /* Vd = -Vn */
#define FRINTN2(n, d) WORD $(0x4E618800 | (n)<<5 | (d)) /* Vd = Vn rounded to a whole number, ties to even */
#define BIC2(m, n, d) WORD $(0x4E601C00 | (m)<<16 | (n)<<5 | (d)) /* Vd = Vn &^ Vm */
#define FMIN2(m, n, d) WORD $(0x4EE0F400 | (m)<<16 | (n)<<5 | (d)) /* Vd = min(Vn, Vm), NaN if either is */
#define AND2(m, n, d) WORD $(0x4E201C00 | (m)<<16 | (n)<<5 | (d)) /* Vd = Vn & Vm */
#define BIF2(m, n, d) WORD $(0x6EE01C00 | (m)<<16 | (n)<<5 | (d)) /* Vd = Vn where the bits of Vm are clear */
#define ORR2(m, n, d) WORD $(0x4EA01C00 | (m)<<16 | (n)<<5 | (d)) /* Vd = Vn | Vm */
#define EOR2(m, n, d) WORD $(0x6E201C00 | (m)<<16 | (n)<<5 | (d)) /* Vd = Vn ^ Vm */
#define FSQRT2(n, d) WORD $(0x6EE1F800 | (n)<<5 | (d)) /* Vd = √Vn */
#define UZP1_4S(m, n, d) WORD $(0x4E801800 | (m)<<16 | (n)<<5 | (d)) /* the even 32-bit lanes of Vn:Vm */
#define UZP1_8H(m, n, d) WORD $(0x4E401800 | (m)<<16 | (n)<<5 | (d)) /* the even 16-bit lanes */
#define UZP1_16B(m, n, d) WORD $(0x4E001800 | (m)<<16 | (n)<<5 | (d)) /* the even bytes */
#define MOV2(n, d) WORD $(0x4EA01C00 | (n)<<16 | (n)<<5 | (d)) /* Vd = Vn */
#define BIT2(m, n, d) WORD $(0x6EA01C00 | (m)<<16 | (n)<<5 | (d)) /* Vd = Vn where the bits of Vm are set */

// PAIR stores v twice from sym+off: a vector of two lanes, so that one
// VLD1 fills up to four registers with constants.
#define PAIR(sym, off, v) \
	DATA sym+(off)(SB)/8, v; \
	DATA sym+(off+8)(SB)/8, v

// RETURN_ZERO_WITHOUT_VECTORS returns 0 at once where useVectors is false
// (the tests turn the kernels off so): the Go code then takes every
// element.
#define RETURN_ZERO_WITHOUT_VECTORS(ret) \
	MOVBU ·useVectors(SB), R7; \
	CBNZ R7, 3(PC); \
	MOVD ZR, ret; \
	RET

// RETURN_ZERO_FALSE_WITHOUT_VECTORS is RETURN_ZERO_WITHOUT_VECTORS for a
// kernel that also returns a flag: it returns 0 and false.
#define RETURN_ZERO_FALSE_WITHOUT_VECTORS(ret, flag) \
	MOVBU ·useVectors(SB), R7; \
	CBNZ R7, 4(PC); \
	MOVD ZR, ret; \
	MOVB ZR, flag; \
	RET

// PAIR_ARGS loads the arguments (y, dy, x []float64) of a kernel that sets
// y and, unless dy is empty, dy: R0 = y, R1 = dy, R2 = len(dy), R3 = x,
// R4 = len(x), and R5 = 0, the count.
#define PAIR_ARGS \
	MOVD y_base+0(FP), R0; \
	MOVD dy_base+24(FP), R1; \
	MOVD dy_len+32(FP), R2; \
	MOVD x_base+48(FP), R3; \
	MOVD x_len+56(FP), R4; \
	MOVD ZR, R5

// NEXT sets R6 to the count after the next n elements, or jumps to exit
// if fewer than n are left. NEXT_TWO is NEXT for the kernels of two at a
// time.
#define NEXT(n, exit) \
	ADD $n, R5, R6; \
	CMP R4, R6; \
	BGT exit

#define NEXT_TWO(exit) NEXT(2, exit)

// AGAIN sets the count R5 to R6 and goes back to loop.
#define AGAIN(loop) \
	MOVD R6, R5; \
	B loop

// RETURN_COUNT returns R5, the number of elements done.
#define RETURN_COUNT(ret) \
	MOVD R5, ret; \
	RET

// IN_RANGE jumps to exit unless both lanes of Vm (a mask of FCMGE2's) are
// set: the kernels stop at a pair with an element out of their range.
// It uses R7 and R8; m is a register number.
#define IN_RANGE(m, exit) \
	WORD $(0x4E083C07 | (m)<<5) /* R7 = Vm.D[0] */; \
	WORD $(0x4E183C08 | (m)<<5) /* R8 = Vm.D[1] */; \
	AND R7, R8, R7; \
	CMN $1, R7; \
	BNE exit

// ANY_SET jumps to exit if a bit of Vm is set. It uses R7 and R8.
#define ANY_SET(m, exit) \
	WORD $(0x4E083C07 | (m)<<5) /* R7 = Vm.D[0] */; \
	WORD $(0x4E183C08 | (m)<<5) /* R8 = Vm.D[1] */; \
	ORR R7, R8, R7; \
	CBNZ R7, exit

// CODES4 sets the low four bytes of Va to the codes of four elements
// (relu's and piecewise.elem's: 2 for NaN, else 1 where the slope is not
// 0, else 0) from masks of their lanes: Va, Vb where the slope is not 0,
// Vea, Veb where the element is not NaN. The masks are narrowed to bytes,
// then combined: ((k & e & 1) | 2) ^ (e & 2). V20 holds bytes of 1, V21
// bytes of 2; Va, Vb, Vea and Veb are overwritten.
#define CODES4(a, b, ea, eb) \
	AND2(ea, a, a); \
	AND2(eb, b, b); \
	UZP1_4S(b, a, a); \
	UZP1_8H(a, a, a); \
	UZP1_16B(a, a, a); \
	UZP1_4S(eb, ea, ea); \
	UZP1_8H(ea, ea, ea); \
	UZP1_16B(ea, ea, ea); \
	AND2(20, a, a); \
	ORR2(21, a, a); \
	AND2(21, ea, ea); \
	EOR2(ea, a, a)

// STORE_PAIR stores V8 at R0 and, unless dy is empty (R2), V9 at R1;
// moves y, dy and x (R3) on by two elements and sets the count R5 to R6.
#define STORE_PAIR \
	VST1.P [V8.D2], 16(R0); \
	CBZ R2, 2(PC); \
	VST1.P [V9.D2], 16(R1); \
	ADD $16, R3; \
	MOVD R6, R5
