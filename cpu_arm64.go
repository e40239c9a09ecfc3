//go:build !noasm

package activation

// useVectors reports whether the vector kernels run. On arm64 they need
// Advanced SIMD (NEON) only, which every arm64 CPU has, so there is
// nothing to detect; it is a variable so that the tests can turn them
// off, and the noasm tag leaves them out.
var useVectors = true

// useAVX512 is amd64's; it is here for the tests, which read it.
var useAVX512 = false
