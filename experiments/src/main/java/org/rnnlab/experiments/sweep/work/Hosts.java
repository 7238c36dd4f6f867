package org.rnnlab.experiments.sweep.work;

import java.io.IOException;
import java.net.InetAddress;

/** The name of the machine a point runs on (the {@code host} column). */
public final class Hosts {
    private Hosts() {
    }

    /** This machine's host name, or {@code localhost} when it has none. */
    public static String local() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
