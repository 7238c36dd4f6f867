package org.rnnlab.spark;

/** The JVM options of the driver JVMs the tests start: those of {@code org.apache.spark.launcher.JavaModuleOptions}. */
final class DriverOptions {
    static final String DEFAULT = org.apache.spark.launcher.JavaModuleOptions.defaultModuleOptions();

    private DriverOptions() {
    }
}
