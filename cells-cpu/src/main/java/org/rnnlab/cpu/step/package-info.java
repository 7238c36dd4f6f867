/**
 * Per-step math of the built-in cells ({@link org.rnnlab.api.spi.StepCell}s): the readable float64 reference,
 * run by the {@code reference} backend through rnnlab's generic unroller, and an example for plugin authors.
 */
package org.rnnlab.cpu.step;
