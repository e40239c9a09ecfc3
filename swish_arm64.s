//go:build !noasm

#include "textflag.h"
#include "kernels_arm64.h"
#include "exp_arm64.h"

// func swishVector(y, dy, x []float64) int
// As sigmoidVector for y = x·σ(x) and dy = σ(x)(1 + x(1-σ(x))), as
// swishLoop does.
TEXT ·swishVector(SB), NOSPLIT, $0-80
	RETURN_ZERO_WITHOUT_VECTORS(ret+72(FP))
	PAIR_ARGS
	LOAD_EXP_CONSTANTS(240)
loop:
	NEXT_TWO(done)
	VLD1 (R3), [V0.D2]
	LOGISTIC(done)
	MOV2(16, 9)
	FMLA2(4, 0, 9) // 1 + x·(1-σ)
	FMUL2(9, 8, 9) // dy = σ·that
	FMUL2(8, 0, 8) // y = x·σ
	STORE_PAIR
	B loop
done:
	MOVD R5, ret+72(FP)
	RET
