/**
 * The {@code cuda} backend: rnn, gru and lstm cells on NVIDIA GPUs through JCuda's driver API, with kernels compiled
 * from {@code src/main/cuda/rnn_kernels.cu} to committed PTX.
 */
package org.rnnlab.gpu;
