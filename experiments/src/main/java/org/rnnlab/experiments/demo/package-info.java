/** The demo job of {@code ./rnnlab demo}: a cell learns to recall a value across a lag. */
package org.rnnlab.experiments.demo;
