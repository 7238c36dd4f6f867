/**
 * Internals of the cuda backend (device, device arrays, kernel launchers, per-kind sequence kernels); other modules
 * must not import them, except the backend's own benchmarks.
 */
package org.rnnlab.gpu.internal;
