/**
 * Internals of the CPU backend: not for use by other modules. The float32 kernels in {@code internal.f32} are
 * generated at build time from the float64 sources in {@code internal.f64}.
 */
package org.rnnlab.cpu.internal;
