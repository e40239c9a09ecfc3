package main

// kernels lists every kernel, in the order of their declarations.
var kernels = []*Kernel{
	sigmoidVector, swishVector, swishBetaVector, exponentialVector, tanhVector, tanhshrinkVector,
	softplusVector, sqrtSoftplusVector, eluVector, celuVector, mishVector, geluTanhVector, geluVector,
	hardSigmoidVector, hardSwishVector, piecewiseVector, reluCodesVector,
	leakyVector, leakyCodesVector, leakyBackwardVector, leakyColsVector, leakyColsBackwardVector, leakyDerivVector,
	softsignVector, sparsePlusVector, squareplusVector, mulVector, mulCodesVector,
	shiftExpVector, shiftLogVector, logSoftmaxBackwardVector, scanVector, indexVector,
	laneSumVector, laneDotVector, scaleVector, softmaxBackwardVector,
	crossEntropyRowVector, crossEntropyBackwardVector,
	reluSquaredVector, softcapVector, clippedGELUVector, laplaceVector, xieluVector, xieluGradVector,
}
