//go:build !noasm

#include "textflag.h"
#include "kernels_amd64.h"
#include "exp_amd64.h"

// log1pConst holds what log1pUnit takes, each four times for the memory
// operands of the vector instructions: 1/2, 2, Lg1 ... Lg7 and √2-1.
DATA4(log1pConst<>, 0, $0.5)
DATA4(log1pConst<>, 32, $2.0)
DATA4(log1pConst<>, 64, $6.666666666666735130e-01)
DATA4(log1pConst<>, 96, $3.999999999940941908e-01)
DATA4(log1pConst<>, 128, $2.857142874366239149e-01)
DATA4(log1pConst<>, 160, $2.222219843214978396e-01)
DATA4(log1pConst<>, 192, $1.818357216161805012e-01)
DATA4(log1pConst<>, 224, $1.531383769920937332e-01)
DATA4(log1pConst<>, 256, $1.479819860511658591e-01)
DATA4(log1pConst<>, 288, $0.41421356237309503)
GLOBL log1pConst<>(SB), RODATA|NOPTR, $320

// LOG1P sets Y5 = log1pUnit(w) for the four w in Y6, as log1pUnit does,
// with Y7 = 1. It uses Y1, Y3, Y8-Y13.
#define LOG1P \
	VCMPPD $0x1e, log1pConst<>+288(SB), Y6, Y1 /* w > √2-1 */; \
	VSUBPD Y7, Y6, Y3; \
	VMULPD log1pConst<>+0(SB), Y3, Y3 /* (w-1)/2 */; \
	VBLENDVPD Y1, Y3, Y6, Y3 /* f */; \
	VANDPD Y7, Y1, Y1 /* k */; \
	VMULPD log1pConst<>+0(SB), Y3, Y5; \
	VMULPD Y3, Y5, Y5 /* hfsq = f²/2 */; \
	VADDPD log1pConst<>+32(SB), Y3, Y8; \
	VDIVPD Y8, Y3, Y8 /* s = f/(2+f) */; \
	VMULPD Y8, Y8, Y9 /* z */; \
	VMULPD Y9, Y9, Y10 /* zz */; \
	VBROADCASTSD log1pConst<>+224(SB), Y11; \
	VFMADD213PD log1pConst<>+160(SB), Y10, Y11; \
	VFMADD213PD log1pConst<>+96(SB), Y10, Y11; \
	VMULPD Y11, Y10, Y11 /* t1 */; \
	VBROADCASTSD log1pConst<>+256(SB), Y12; \
	VFMADD213PD log1pConst<>+192(SB), Y10, Y12; \
	VFMADD213PD log1pConst<>+128(SB), Y10, Y12; \
	VFMADD213PD log1pConst<>+64(SB), Y10, Y12; \
	VMULPD Y12, Y9, Y12 /* t2 */; \
	VADDPD Y11, Y12, Y12; \
	VADDPD Y12, Y5, Y12 /* hfsq + (t2 + t1) */; \
	VBROADCASTSD logisticConst<>+32(SB), Y13; \
	VMULPD Y13, Y1, Y13 /* k·ln2Lo */; \
	VFMADD231PD Y12, Y8, Y13; \
	VSUBPD Y13, Y5, Y5; \
	VSUBPD Y3, Y5, Y5; \
	VBROADCASTSD logisticConst<>+24(SB), Y13; \
	VFMSUB231PD Y13, Y1, Y5 /* k·ln2Hi - ((hfsq - ...) - f) */

// LOG1P512 is LOG1P for the eight w in Z6, with LOAD_CONSTANTS512's Z7,
// Z11 and Z12. It uses Z1, Z3, Z8, Z9, Z28-Z31 and K3.
#define LOG1P512 \
	VCMPPD.BCST $0x1e, log1pConst<>+288(SB), Z6, K3; \
	VSUBPD Z7, Z6, Z3; \
	VMULPD.BCST log1pConst<>+0(SB), Z3, Z3; \
	VBLENDMPD Z3, Z6, K3, Z3; \
	VMOVAPD.Z Z7, K3, Z1; \
	VMULPD.BCST log1pConst<>+0(SB), Z3, Z5; \
	VMULPD Z3, Z5, Z5; \
	VADDPD.BCST log1pConst<>+32(SB), Z3, Z8; \
	VDIVPD Z8, Z3, Z8; \
	VMULPD Z8, Z8, Z9; \
	VMULPD Z9, Z9, Z28; \
	VBROADCASTSD log1pConst<>+224(SB), Z29; \
	VFMADD213PD.BCST log1pConst<>+160(SB), Z28, Z29; \
	VFMADD213PD.BCST log1pConst<>+96(SB), Z28, Z29; \
	VMULPD Z29, Z28, Z29; \
	VBROADCASTSD log1pConst<>+256(SB), Z30; \
	VFMADD213PD.BCST log1pConst<>+192(SB), Z28, Z30; \
	VFMADD213PD.BCST log1pConst<>+128(SB), Z28, Z30; \
	VFMADD213PD.BCST log1pConst<>+64(SB), Z28, Z30; \
	VMULPD Z30, Z9, Z30; \
	VADDPD Z29, Z30, Z30; \
	VADDPD Z30, Z5, Z30; \
	VMULPD Z11, Z1, Z31; \
	VFMADD231PD Z30, Z8, Z31; \
	VSUBPD Z31, Z5, Z5; \
	VSUBPD Z3, Z5, Z5; \
	VFMSUB231PD Z12, Z1, Z5

// func softplusVector(y, dy, x []float64, beta, threshold float64) int
// As sigmoidVector for y = log(1+e^(βx))/β and dy = σ(βx), as softplus
// does where |βx| <= 708 and βx <= threshold.
TEXT ·softplusVector(SB), NOSPLIT, $0-96
	RETURN_ZERO_WITHOUT_AVX2(ret+88(FP))
	PAIR_ARGS
	TO_EIGHT(four)
	LOAD_CONSTANTS512
	VBROADCASTSD logisticConst<>+8(SB), Z14
	VBROADCASTSD beta+72(FP), Z26
	VBROADCASTSD threshold+80(FP), Z27
loop8:
	NEXT_EIGHT(four)
	VMOVUPD (DX)(BX*8), Z2
	VMULPD Z26, Z2, Z0 // p = βx
	VCMPPD $0x1e, Z27, Z0, K1 // p > threshold
	KORTESTW K1, K1
	JNZ four
	CHECK512(four)
	EXPNEG512 // Z5 = e^-|p|
	VMOVUPD (DX)(BX*8), Z1
	VMOVAPD Z0, Z2
	VFMSUB231PD Z26, Z1, Z2 // pl = βx - p
	VPXORQ Z3, Z3, Z3
	VCMPPD $0x1e, Z3, Z0, K2 // p > 0
	VMOVAPD Z5, Z6
	VFMADD213PD Z5, Z2, Z6 // e·pl + e
	VMOVAPD Z5, K2, Z6 // w
	LOG1P512
	VADDPD Z5, Z2, Z8
	VADDPD Z8, Z0, Z8 // p + (pl + log(1+w))
	VMOVAPD Z8, K2, Z5
	VDIVPD Z26, Z5, Z5
	VMOVUPD Z5, (DI)(BX*8)
	TESTQ R9, R9
	JZ next8
	VMOVAPD Z6, Z9
	VMOVAPD Z7, K2, Z9 // 1 or w
	VADDPD Z7, Z6, Z3
	VDIVPD Z3, Z9, Z9
	VMOVUPD Z9, (SI)(BX*8)
next8:
	MOVQ R8, BX
	JMP loop8
four:
	VBROADCASTSD logisticConst<>+0(SB), Y7
	VBROADCASTSD logisticConst<>+48(SB), Y15
	VBROADCASTSD logisticConst<>+8(SB), Y14
spfloop:
	NEXT_FOUR(spfdone)
	VMOVUPD (DX)(BX*8), Y0
	VBROADCASTSD beta+72(FP), Y9
	VMULPD Y9, Y0, Y0 // p = βx
	VBROADCASTSD threshold+80(FP), Y2
	VCMPPD $0x1e, Y2, Y0, Y2 // p > threshold
	VMOVMSKPD Y2, AX
	TESTQ AX, AX
	JNZ spfdone
	CHECK
	VBROADCASTSD logisticConst<>+16(SB), Y13 // EXPNEG's, which LOG1P overwrote
	VBROADCASTSD logisticConst<>+24(SB), Y12
	VBROADCASTSD logisticConst<>+32(SB), Y11
	VBROADCASTSD logisticConst<>+40(SB), Y10
	EXPNEG // Y5 = e^-|p|
	VMOVUPD (DX)(BX*8), Y1
	VBROADCASTSD beta+72(FP), Y9
	VMOVAPD Y0, Y2
	VFMSUB231PD Y9, Y1, Y2 // pl = βx - p
	VXORPD Y3, Y3, Y3
	VCMPPD $0x1e, Y3, Y0, Y4 // p > 0
	VMOVAPD Y5, Y6
	VFMADD213PD Y5, Y2, Y6 // e·pl + e
	VBLENDVPD Y4, Y5, Y6, Y6 // w
	LOG1P
	VADDPD Y5, Y2, Y8
	VADDPD Y8, Y0, Y8 // p + (pl + log(1+w))
	VBLENDVPD Y4, Y8, Y5, Y8
	VBROADCASTSD beta+72(FP), Y9
	VDIVPD Y9, Y8, Y8
	VMOVUPD Y8, (DI)(BX*8)
	TESTQ R9, R9
	JZ spfnext
	VBLENDVPD Y4, Y7, Y6, Y9 // 1 or w
	VADDPD Y7, Y6, Y10
	VDIVPD Y10, Y9, Y9
	VMOVUPD Y9, (SI)(BX*8)
spfnext:
	MOVQ R8, BX
	JMP spfloop
spfdone:
done:
	RETURN_COUNT(ret+88(FP))
