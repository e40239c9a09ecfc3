//go:build !noasm

#include "textflag.h"
#include "kernels_amd64.h"

// STREAM_PAIR loads the stream flag into R13 and keeps it only where DI
// and SI, the destinations y and dy (or nil), are aligned to 64 bytes.
#define STREAM_PAIR(flag) \
	MOVBQZX flag, R13; \
	STREAM_IF_ALIGNED(63); \
	TESTQ $63, SI; \
	JZ 2(PC); \
	XORQ R13, R13

// func hardSigmoidVector(y, dy, x []float64, stream bool) int
// As sigmoidVector for y = min(max(x+3, 0), 6)/6 and dy = 1/6 inside
// (-3, 3), 0 outside and NaN for NaN, as hardSigmoid does; with stream set
// and y and dy aligned to 64 bytes, it writes them around the caches.
TEXT ·hardSigmoidVector(SB), NOSPLIT, $0-88
	RETURN_ZERO_WITHOUT_AVX2(ret+80(FP))
	MOVQ y_base+0(FP), DI
	MOVQ dy_base+24(FP), SI
	MOVQ dy_len+32(FP), R9
	MOVQ x_base+48(FP), DX
	MOVQ x_len+56(FP), CX
	STREAM_PAIR(stream+72(FP))
	VBROADCASTSD logisticConst<>+112(SB), Y5 // 3
	VBROADCASTSD logisticConst<>+120(SB), Y6 // 6
	VBROADCASTSD logisticConst<>+128(SB), Y8 // 1/6
	VXORPD Y7, Y7, Y7
	VSUBPD Y5, Y7, Y9 // -3
	XORQ BX, BX
hsloop:
	NEXT_FOUR(hsdone)
	VMOVUPD (DX)(BX*8), Y0
	VADDPD Y5, Y0, Y1 // x + 3
	VMAXPD Y1, Y7, Y1 // max(x+3, 0), NaN kept
	VMINPD Y1, Y6, Y1 // min(..., 6), NaN kept
	VDIVPD Y6, Y1, Y1
	STORE(Y1, (DI)(BX*8))
	TESTQ R9, R9
	JZ hsnext
	VCMPPD $0x1e, Y9, Y0, Y2 // x > -3
	VCMPPD $0x11, Y5, Y0, Y3 // x < 3
	VANDPD Y3, Y2, Y2
	VANDPD Y8, Y2, Y2
	VCMPPD $3, Y0, Y0, Y4 // NaN
	VBLENDVPD Y4, Y0, Y2, Y2
	STORE(Y2, (SI)(BX*8))
hsnext:
	MOVQ R8, BX
	JMP hsloop
hsdone:
	RETURN_COUNT_STREAM(ret+80(FP))

// func hardSwishVector(y, dy, x []float64, stream bool) int
// As hardSigmoidVector for PyTorch's hard swish and its derivative, as
// hardSwish does.
TEXT ·hardSwishVector(SB), NOSPLIT, $0-88
	RETURN_ZERO_WITHOUT_AVX2(ret+80(FP))
	MOVQ y_base+0(FP), DI
	MOVQ dy_base+24(FP), SI
	MOVQ dy_len+32(FP), R9
	MOVQ x_base+48(FP), DX
	MOVQ x_len+56(FP), CX
	STREAM_PAIR(stream+72(FP))
	VBROADCASTSD logisticConst<>+112(SB), Y5 // 3
	VBROADCASTSD logisticConst<>+120(SB), Y6 // 6
	VBROADCASTSD logisticConst<>+0(SB), Y8 // 1
	VXORPD Y7, Y7, Y7
	VSUBPD Y5, Y7, Y9 // -3
	XORQ BX, BX
hwloop:
	NEXT_FOUR(hwdone)
	VMOVUPD (DX)(BX*8), Y0
	VADDPD Y5, Y0, Y1 // x + 3
	VMULPD Y1, Y0, Y1
	VDIVPD Y6, Y1, Y1 // x(x+3)/6
	VCMPPD $0x1d, Y5, Y0, Y2 // x >= 3
	VBLENDVPD Y2, Y0, Y1, Y1
	VCMPPD $0x12, Y9, Y0, Y2 // x <= -3
	VBLENDVPD Y2, Y7, Y1, Y1
	STORE(Y1, (DI)(BX*8))
	TESTQ R9, R9
	JZ hwnext
	VADDPD Y0, Y0, Y3
	VADDPD Y5, Y3, Y3
	VDIVPD Y6, Y3, Y3 // (2x+3)/6
	VCMPPD $0x11, Y9, Y0, Y2 // x < -3
	VBLENDVPD Y2, Y7, Y3, Y3
	VCMPPD $0x1e, Y5, Y0, Y2 // x > 3
	VBLENDVPD Y2, Y8, Y3, Y3
	STORE(Y3, (SI)(BX*8))
hwnext:
	MOVQ R8, BX
	JMP hwloop
hwdone:
	RETURN_COUNT_STREAM(ret+80(FP))
