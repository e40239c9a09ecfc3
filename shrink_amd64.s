//go:build !noasm

#include "textflag.h"
#include "kernels_amd64.h"
#include "exp_amd64.h"

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
