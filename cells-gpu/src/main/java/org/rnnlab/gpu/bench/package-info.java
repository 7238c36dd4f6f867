/** The cuda backend's benchmark, run by {@code cells-gpu/device-check.sh} next to PyTorch's cuDNN. */
package org.rnnlab.gpu.bench;
