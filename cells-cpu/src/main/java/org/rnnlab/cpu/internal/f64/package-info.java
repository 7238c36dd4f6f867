/**
 * Kernels of the CPU backend in one precision. {@code internal.f64} (double) is the source of truth;
 * {@code internal.f32} (float) is generated from it at build time by cells-cpu/pom.xml, as EJML does.
 */
package org.rnnlab.cpu.internal.f64;
