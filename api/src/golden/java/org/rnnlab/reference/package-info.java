/**
 * Generators of PyTorch reference fixtures, run through DJL's PyTorch engine (offline, CPU) in the opt-in
 * Maven profile {@code golden}: {@code mvn -Pgolden -pl api process-test-classes}. Never on the default class path.
 */
package org.rnnlab.reference;
