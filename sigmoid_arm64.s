//go:build !noasm

#include "textflag.h"
#include "kernels_arm64.h"
#include "exp_arm64.h"

// func sigmoidVector(y, dy, x []float64) int
// Sets y = σ(x) and, unless dy is empty, dy = σ(x)(1-σ(x)), two at a
// time, and returns how many it did: it stops before the first pair with
// a value out of range, or fewer than two left.
TEXT ·sigmoidVector(SB), NOSPLIT, $0-80
	RETURN_ZERO_WITHOUT_VECTORS(ret+72(FP))
	PAIR_ARGS
	LOAD_EXP_CONSTANTS(240)
loop:
	NEXT_TWO(done)
	VLD1 (R3), [V0.D2]
	LOGISTIC(done)
	FMUL2(4, 8, 9)
	STORE_PAIR
	B loop
done:
	RETURN_COUNT(ret+72(FP))
