package org.rnnlab.spark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Master URLs: checked before a SparkContext is made, so a typo or a dead master fails in seconds, naming the cause. */
final class Masters {
    private static final Pattern LOCAL = Pattern.compile("local(\\[(\\*|[1-9]\\d*)(,[1-9]\\d*)?])?");
    private static final Pattern LOCAL_CLUSTER = Pattern.compile("local-cluster\\[[1-9]\\d*,[1-9]\\d*,[1-9]\\d*]");
    private static final Pattern STANDALONE = Pattern.compile("spark://[^/,:\\s]+:\\d{1,5}(,[^/,:\\s]+:\\d{1,5})*");
    private static final Pattern KUBERNETES = Pattern.compile("k8s://\\S+");
    /** How long a standalone master may take to accept a connection. */
    private static final int CONNECT_TIMEOUT_MS = 5_000;

    private Masters() {
    }

    /** Whether the URL is one Spark accepts; the error lists the forms. */
    static void check(String master) throws IOException {
        String m = master.trim();
        if (LOCAL.matcher(m).matches() || LOCAL_CLUSTER.matcher(m).matches() || STANDALONE.matcher(m).matches() || "yarn".equals(m)
                || KUBERNETES.matcher(m).matches()) {
            return;
        }
        throw new IOException("unknown Spark master '" + master + "'; use local[N] (or local[*]), local-cluster[workers,cores,MiB], "
                + "spark://host:port, yarn or k8s://https://host:port");
    }

    /** For a standalone master, connects to each host:port once; the error says which one did not answer and why. */
    static void reach(String master) throws IOException {
        if (!master.startsWith("spark://")) {
            return;
        }
        List<String> failures = new ArrayList<>();
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            int colon = hostPort.lastIndexOf(':');
            String host = hostPort.substring(0, colon);
            int port = Integer.parseInt(hostPort.substring(colon + 1));
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
                return; // one master of a high-availability list answering is enough
            } catch (IOException e) {
                failures.add(hostPort + " (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
            }
        }
        throw new IOException("cannot reach the Spark master at " + String.join(", ", failures) + " within " + CONNECT_TIMEOUT_MS / 1000
                + " s: is it running, and is this machine allowed to connect?");
    }
}
