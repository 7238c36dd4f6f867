/**
 * The CPU backends: {@link org.rnnlab.cpu.CpuCellProvider} ({@code cpu}, fast, float32 and float64) and
 * {@link org.rnnlab.cpu.ReferenceCellProvider} ({@code reference}, per-step math through the generic unroller, float32 and
 * float64).
 */
package org.rnnlab.cpu;
