//go:build !noasm

#include "textflag.h"
#include "kernels_amd64.h"
#include "exp_amd64.h"

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
