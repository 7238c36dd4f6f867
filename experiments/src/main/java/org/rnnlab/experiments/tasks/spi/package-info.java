/**
 * The task SPI: a {@link org.rnnlab.experiments.tasks.spi.TaskProvider} listed in
 * {@code META-INF/services/org.rnnlab.experiments.tasks.spi.TaskProvider} offers tasks by name, built from the
 * settings a sweep file gives them ({@code {name: mnist, variant: pixel}}).
 */
package org.rnnlab.experiments.tasks.spi;
