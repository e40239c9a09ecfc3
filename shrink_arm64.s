//go:build !noasm

#include "textflag.h"
#include "kernels_arm64.h"
#include "exp_arm64.h"

// tanhcf holds Tanhshrink's constants in the order tanhshrinkVector reads
// them: shrink.go's tanhcfQ and tanhcfE, highest first, 3, 1/3, tanhcfP,
// highest first, the low part of 1/3 and 1.25.
DATA tanhcf<>+0(SB)/8, $66.0
DATA tanhcf<>+8(SB)/8, $45045.0
DATA tanhcf<>+16(SB)/8, $7567560.0
DATA tanhcf<>+24(SB)/8, $413513100.0
DATA tanhcf<>+32(SB)/8, $6547290750.0
DATA tanhcf<>+40(SB)/8, $13749310575.0
DATA tanhcf<>+48(SB)/8, $66.0
DATA tanhcf<>+56(SB)/8, $44850.0
DATA tanhcf<>+64(SB)/8, $7438860.0
DATA tanhcf<>+72(SB)/8, $392837445.0
DATA tanhcf<>+80(SB)/8, $5499724230.0
DATA tanhcf<>+88(SB)/8, $3.0
DATA tanhcf<>+96(SB)/8, $0.3333333333333333
DATA tanhcf<>+104(SB)/8, $65.0
DATA tanhcf<>+112(SB)/8, $42900.0
DATA tanhcf<>+120(SB)/8, $6891885.0
DATA tanhcf<>+128(SB)/8, $349188840.0
DATA tanhcf<>+136(SB)/8, $4583103525.0
DATA tanhcf<>+144(SB)/8, $1.850371707708594e-17
DATA tanhcf<>+152(SB)/8, $1.25
GLOBL tanhcf<>(SB), RODATA|NOPTR, $160

// NEXTC loads tanhcf's next constant, at R12, into both lanes of Vv.
#define NEXTC(v) VLD1R.P 8(R12), [v.D2]

// STEP is one step of Horner's scheme, Vd = c + Vv·Vt with c tanhcf's
// next constant: d, v and t are register numbers, vd Vd's name.
#define STEP(vd, d, v, t) \
	NEXTC(vd); \
	FMLA2(t, v, d)

// func tanhshrinkVector(y, dy, x []float64) int
// As sigmoidVector for y = x - tanh x and dy = tanh² x, as tanhshrink does
// for |x| <= 354: by the continued fraction's polynomials for |x| <= 1.25,
// from the exponential's parts beyond, both computed and one kept.
TEXT ·tanhshrinkVector(SB), NOSPLIT, $0-80
	RETURN_ZERO_WITHOUT_VECTORS(ret+72(FP))
	PAIR_ARGS
	LOAD_EXP_CONSTANTS(256)
	VEOR V15.B16, V15.B16, V15.B16
	FNEG2(15, 15) // -0: the sign bits
	MOVD $tanhcf<>(SB), R11
loop:
	NEXT_TWO(done)
	VLD1 (R3), [V0.D2]
	FABS2(0, 1) // a
	FCMGE2(1, 31, 2) // 354 >= a: false for NaN
	IN_RANGE(2, done)
	MOVD R11, R12
	FMUL2(1, 1, 2) // t = a²
	NEXTC(V3)
	STEP(V4, 4, 3, 2)
	STEP(V3, 3, 4, 2)
	STEP(V4, 4, 3, 2)
	STEP(V3, 3, 4, 2)
	STEP(V4, 4, 3, 2) // q
	NEXTC(V3)
	STEP(V5, 5, 3, 2)
	STEP(V3, 3, 5, 2)
	STEP(V5, 5, 3, 2)
	STEP(V3, 3, 5, 2) // E
	FMUL2(3, 2, 3) // t·E
	NEXTC(V5)
	FMUL2(4, 5, 5) // 3q
	FDIV2(5, 3, 3)
	NEXTC(V5)
	FSUB2(3, 5, 5) // r below t = 1: 1/3 - t·E/(3q)
	NEXTC(V3)
	STEP(V6, 6, 3, 2)
	STEP(V3, 3, 6, 2)
	STEP(V6, 6, 3, 2)
	STEP(V3, 3, 6, 2) // P
	FDIV2(4, 3, 3) // r from t = 1: P/q
	FCMGT2(2, 16, 6) // t < 1
	BIT2(6, 5, 3) // r
	NEXTC(V5)
	AND2(6, 5, 5) // rl
	FMUL2(2, 1, 4) // c = a·t
	FNEG2(4, 6)
	FMLA2(2, 1, 6) // cl = a·t - c
	FNEG2(2, 7)
	FMLA2(1, 1, 7) // a·a - t
	FMLA2(7, 1, 6) // cl += a·(a·a - t)
	FMUL2(5, 4, 7)
	FMLA2(3, 6, 7)
	FMLA2(3, 4, 7) // f = c·r + (cl·r + c·rl)
	FNEG2(7, 8) // -f
	FADD2(8, 1, 9) // th = a + -f, as twoSum has it
	FSUB2(1, 9, 10) // bv
	FSUB2(10, 9, 11)
	FSUB2(11, 1, 11) // a - (th - bv)
	FSUB2(10, 8, 10) // -f - bv
	FADD2(10, 11, 10) // tl
	FMUL2(9, 9, 11) // sq
	FNEG2(11, 12)
	FMLA2(9, 9, 12) // th·th - sq
	FADD2(9, 9, 13)
	FMLA2(10, 13, 12) // + 2th·tl
	FADD2(12, 11, 12) // tanh² = sq + that
	FADD2(1, 1, 2) // 2a
	EXPPARTS(2, 3, 4, 5, 6, 8, 9) // e^-2a = 2^k·(1+m): V3, V2
	MOV2(3, 4)
	FMLA2(2, 3, 4) // e
	FSUB2(16, 3, 5)
	FMLA2(2, 3, 5) // d = e - 1
	FADD2(16, 16, 6) // 2
	FADD2(6, 5, 8) // h = 2 + d
	FSUB2(6, 8, 9)
	FSUB2(9, 5, 9) // l = d - (h - 2)
	FDIV2(8, 16, 10) // p = 1/h
	MOV2(16, 11)
	FMLS2(10, 8, 11) // 1 - h·p
	FMLS2(10, 9, 11) // - l·p
	FMLA2(11, 10, 10) // p corrected
	FADD2(4, 4, 2)
	FMUL2(10, 2, 2) // 2e·p
	FSUB2(16, 1, 3)
	FADD2(2, 3, 3) // (a - 1) + 2e·p
	FADD2(4, 4, 5)
	FADD2(5, 5, 5)
	FMUL2(10, 5, 5)
	FMUL2(10, 5, 5) // 4e·p·p
	FSUB2(5, 16, 5) // tanh² = 1 - 4e·p²
	NEXTC(V6)
	FCMGT2(6, 1, 6) // a > 1.25
	BIT2(6, 3, 7)
	BIT2(6, 5, 12)
	BIT2(15, 0, 7) // with the sign of x
	MOV2(7, 8)
	MOV2(12, 9)
	STORE_PAIR
	B loop
done:
	RETURN_COUNT(ret+72(FP))
