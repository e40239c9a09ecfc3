//go:build !noasm

#include "textflag.h"
#include "kernels_amd64.h"
#include "exp_amd64.h"

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
