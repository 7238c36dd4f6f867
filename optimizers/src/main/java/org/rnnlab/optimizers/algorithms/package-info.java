/**
 * The optimization algorithms, each following {@code torch.optim}'s single-tensor update exactly: SGD (momentum,
 * Nesterov, weight decay), Adam (AMSGrad) and AdamW, RMSProp (centered, momentum), Adagrad.
 */
package org.rnnlab.optimizers.algorithms;
