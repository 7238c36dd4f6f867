package org.rnnlab.spark;

import org.apache.spark.launcher.JavaModuleOptions;

/** Prints the JVM options a Spark driver needs on this Java ({@code --add-opens …}); {@code ./rnnlab} passes them to java. */
public final class DriverJavaOptions {
    private DriverJavaOptions() {
    }

    /** Prints the options on one line. */
    public static void main(String[] args) {
        System.out.println(JavaModuleOptions.defaultModuleOptions());
    }
}
