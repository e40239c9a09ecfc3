//go:build !noasm

#include "textflag.h"
#include "kernels_amd64.h"
#include "exp_amd64.h"

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
