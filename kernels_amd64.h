// Macros and constants that the amd64 kernel files share: each file that
// includes this one has its own copy of the constants, which are
// file-local symbols.

// Constants, each as one float64 to broadcast.
DATA logisticConst<>+0(SB)/8, $1.0
DATA logisticConst<>+8(SB)/8, $708.0                // logisticRange
DATA logisticConst<>+16(SB)/8, $1.4426950408889634  // log2(e)
DATA logisticConst<>+24(SB)/8, $6.93147180369123816490e-01 // ln2Hi
DATA logisticConst<>+32(SB)/8, $1.90821492927058770002e-10 // ln2Lo
DATA logisticConst<>+40(SB)/8, $4503599627371519.0  // 2^52 + 1023
DATA logisticConst<>+48(SB)/8, $0x7fffffffffffffff  // |x| mask
DATA logisticConst<>+56(SB)/8, $354.0               // tanhRange
DATA logisticConst<>+64(SB)/8, $0x0020000000000000 // 2 in the exponent field: ·4
DATA logisticConst<>+72(SB)/8, $-708.0              // -logisticRange
DATA logisticConst<>+80(SB)/8, $-745.2              // below, e^z rounds to 0
DATA logisticConst<>+88(SB)/8, $745.2
DATA logisticConst<>+96(SB)/8, $0x8000000000000000 // the sign bit
DATA logisticConst<>+104(SB)/8, $0xfff0000000000000 // -Inf
DATA logisticConst<>+112(SB)/8, $3.0
DATA logisticConst<>+120(SB)/8, $6.0
DATA logisticConst<>+128(SB)/8, $0.16666666666666666 // 1/6
DATA logisticConst<>+136(SB)/8, $0x7ff0000000000000 // +Inf
DATA logisticConst<>+144(SB)/8, $0.5
DATA logisticConst<>+152(SB)/8, $0x5fe0000000000000 // 2^511
GLOBL logisticConst<>(SB), RODATA|NOPTR, $160

// DATA4 stores v four times from sym+off, a vector for the memory operand
// of an instruction (AVX2 has no broadcast from memory but VBROADCASTSD).
#define DATA4(sym, off, v) \
	DATA sym+(off)(SB)/8, v; \
	DATA sym+(off+8)(SB)/8, v; \
	DATA sym+(off+16)(SB)/8, v; \
	DATA sym+(off+24)(SB)/8, v

// RETURN_ZERO_WITHOUT_AVX2 returns 0 at once where the CPU lacks AVX2 or
// FMA (useVectors is false), before any vector instruction: the Go code then
// takes every element.
#define RETURN_ZERO_WITHOUT_AVX2(ret) \
	CMPB ·useVectors(SB), $0; \
	JNE 3(PC); \
	MOVQ $0, ret; \
	RET

// PAIR_ARGS loads the arguments (y, dy, x []float64) of a kernel that sets
// y and, unless dy is empty, dy: DI = y, SI = dy, R9 = len(dy), DX = x,
// CX = len(x), and BX = 0, the index.
#define PAIR_ARGS \
	MOVQ y_base+0(FP), DI; \
	MOVQ dy_base+24(FP), SI; \
	MOVQ dy_len+32(FP), R9; \
	MOVQ x_base+48(FP), DX; \
	MOVQ x_len+56(FP), CX; \
	XORQ BX, BX

// NEXT_FOUR sets R8 to the end of the next group of four elements, or
// jumps to exit if fewer than four are left.
#define NEXT_FOUR(exit) \
	LEAQ 4(BX), R8; \
	CMPQ R8, CX; \
	JGT exit

// RETURN_COUNT returns BX, the number of elements done.
#define RETURN_COUNT(ret) \
	VZEROUPPER; \
	MOVQ BX, ret; \
	RET

// CHECK sets Y1 = |x| for the four x in Y0, or jumps to done if some |x|
// is above Y14 or NaN.
#define CHECK \
	VANDPD Y15, Y0, Y1; \
	VCMPPD $0x16, Y14, Y1, Y2 /* !(|x| <= limit): also NaN */; \
	VMOVMSKPD Y2, AX; \
	TESTQ AX, AX; \
	JNZ done

// TO_EIGHT jumps to four unless the CPU has AVX-512F (useAVX512): the
// kernel then starts at its loop of four.
#define TO_EIGHT(four) \
	CMPB ·useAVX512(SB), $0; \
	JEQ four

// NEXT_EIGHT is NEXT_FOUR for a group of eight.
#define NEXT_EIGHT(exit) \
	LEAQ 8(BX), R8; \
	CMPQ R8, CX; \
	JGT exit

// CHECK512 is CHECK for the eight x in Z0, jumping to exit.
#define CHECK512(exit) \
	VPANDQ Z15, Z0, Z1; \
	VCMPPD $0x16, Z14, Z1, K1; \
	KORTESTW K1, K1; \
	JNZ exit

// STREAM_IF_ALIGNED(mask) keeps R13, the stream flag, only where DI, the
// destination, is aligned as mask+1 bytes, as VMOVNTPD needs.
#define STREAM_IF_ALIGNED(mask) \
	TESTQ $mask, DI; \
	JZ 2(PC); \
	XORQ R13, R13

// STORE stores the vector v at addr, around the caches where R13, the
// stream flag, is set.
#define STORE(v, addr) \
	TESTQ R13, R13; \
	JNZ 3(PC); \
	VMOVUPD v, addr; \
	JMP 2(PC); \
	VMOVNTPD v, addr

// RETURN_COUNT_STREAM is RETURN_COUNT after a fence for the stores around
// the caches, which are not ordered with later stores.
#define RETURN_COUNT_STREAM(ret) \
	TESTQ R13, R13; \
	JZ 2(PC); \
	SFENCE; \
	RETURN_COUNT(ret)

// codeBits holds, for each 4-bit mask, the four bytes of its bits.
DATA codeBits<>+0(SB)/4, $0x00000000
DATA codeBits<>+4(SB)/4, $0x00000001
DATA codeBits<>+8(SB)/4, $0x00000100
DATA codeBits<>+12(SB)/4, $0x00000101
DATA codeBits<>+16(SB)/4, $0x00010000
DATA codeBits<>+20(SB)/4, $0x00010001
DATA codeBits<>+24(SB)/4, $0x00010100
DATA codeBits<>+28(SB)/4, $0x00010101
DATA codeBits<>+32(SB)/4, $0x01000000
DATA codeBits<>+36(SB)/4, $0x01000001
DATA codeBits<>+40(SB)/4, $0x01000100
DATA codeBits<>+44(SB)/4, $0x01000101
DATA codeBits<>+48(SB)/4, $0x01010000
DATA codeBits<>+52(SB)/4, $0x01010001
DATA codeBits<>+56(SB)/4, $0x01010100
DATA codeBits<>+60(SB)/4, $0x01010101
GLOBL codeBits<>(SB), RODATA|NOPTR, $64

DATA4(codeInts<>, 0, $1) // the codes 1 and 2, as int64
DATA4(codeInts<>, 32, $2)
GLOBL codeInts<>(SB), RODATA|NOPTR, $64

// ADDLANES adds the four values in v to the compensated sums in the
// vectors sum and err, as lanes.add does. It uses Y3, Y4, Y12 and Y13, and
// Y15 = 1: the last two additions are FMAs by 1, which round the same, so
// that they run beside the others on the multiply units instead of waiting
// for the adders.
#define ADDLANES(v, sum, err) \
	VADDPD v, sum, Y3 /* s = sum + v */; \
	VSUBPD sum, Y3, Y4 /* bv = s - sum */; \
	VSUBPD Y4, Y3, Y12 /* s - bv */; \
	VSUBPD Y12, sum, Y12 /* sum - (s - bv) */; \
	VSUBPD Y4, v, Y13 /* v - bv */; \
	VFMADD231PD Y15, Y12, Y13 /* e */; \
	VMOVAPD Y3, sum; \
	VFMADD231PD Y15, Y13, err

// LANES_IN loads the eight lanes at R10 into Y8 and Y10 (sums of lanes
// 0-3 and 4-7) and Y9 and Y11 (their errors), and 1 into Y15 for ADDLANES;
// LANES_OUT stores them back.
#define LANES_IN \
	VMOVUPD 0(R10), Y8; \
	VMOVUPD 32(R10), Y10; \
	VMOVUPD 64(R10), Y9; \
	VMOVUPD 96(R10), Y11; \
	VBROADCASTSD logisticConst<>+0(SB), Y15

#define LANES_OUT \
	VMOVUPD Y8, 0(R10); \
	VMOVUPD Y10, 32(R10); \
	VMOVUPD Y9, 64(R10); \
	VMOVUPD Y11, 96(R10)

// STORE_BY_SIGN512 stores y and, unless dy is empty, dy for the eight x in
// Z0: the values for x > 0 from ypos and dypos, the others from y and dy.
// zero is a register it clears.
#define STORE_BY_SIGN512(zero, y, ypos, dy, dypos) \
	VPXORQ zero, zero, zero; \
	VCMPPD $0x1e, zero, Z0, K3 /* x > 0 */; \
	VMOVAPD ypos, K3, y; \
	VMOVUPD y, (DI)(BX*8); \
	TESTQ R9, R9; \
	JZ 3(PC); \
	VMOVAPD dypos, K3, dy; \
	VMOVUPD dy, (SI)(BX*8)
