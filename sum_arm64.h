// The compensated sums of the arm64 kernels, as lanes and compensated
// (sum.go) have them: the kernels that sum include it after
// kernels_arm64.h.

// LANES_IN loads the eight compensated sums of the lanes at R10: sums in
// V16-V19, errors in V20-V23, two lanes each. It uses R11.
#define LANES_IN \
	VLD1 (R10), [V16.D2, V17.D2, V18.D2, V19.D2]; \
	ADD $64, R10, R11; \
	VLD1 (R11), [V20.D2, V21.D2, V22.D2, V23.D2]

// LANES_OUT stores them back.
#define LANES_OUT \
	VST1 [V16.D2, V17.D2, V18.D2, V19.D2], (R10); \
	VST1 [V20.D2, V21.D2, V22.D2, V23.D2], (R11)

// ADDLANES adds the two values in Vv to the compensated sums in Vsum and
// Verr, as lanes.add does (twoSum, then the error added); t1-t3 are
// scratch.
#define ADDLANES(v, sum, err, t1, t2, t3) \
	FADD2(v, sum, t1) /* s = sum + v */; \
	FSUB2(sum, t1, t2) /* bv = s - sum */; \
	FSUB2(t2, t1, t3) /* s - bv */; \
	FSUB2(t3, sum, t3) /* sum - (s - bv) */; \
	FSUB2(t2, v, t2) /* v - bv */; \
	FADD2(t2, t3, t3) /* e */; \
	MOV2(t1, sum); \
	FADD2(t3, err, err)

// DOTLANES adds the products of the two a in Va and b in Vb to the sums
// in Vsum and Verr, as lanes.addProduct does: the rounded product summed,
// then its error (a fused a·b - p) added to the error. Vb and t1-t4 are
// scratch.
#define DOTLANES(a, b, sum, err, t1, t2, t3, t4) \
	FMUL2(b, a, t4) /* p = a·b */; \
	ADDLANES(t4, sum, err, t1, t2, t3); \
	FNEG2(t4, t4); \
	FMLA2(b, a, t4) /* a·b - p */; \
	FADD2(t4, err, err)
