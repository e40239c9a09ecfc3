//go:build !noasm

#include "textflag.h"
#include "kernels_amd64.h"
#include "exp_amd64.h"

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
