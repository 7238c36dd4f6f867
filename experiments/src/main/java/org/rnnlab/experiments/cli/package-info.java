/** The {@code ./rnnlab} command line (picocli). */
package org.rnnlab.experiments.cli;
