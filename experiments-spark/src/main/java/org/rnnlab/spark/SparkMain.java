package org.rnnlab.spark;

import java.util.ArrayList;
import java.util.List;
import org.rnnlab.experiments.cli.RnnlabCli;

/**
 * The main class of {@code rnnlab-spark.jar} for {@code spark-submit}: the rnnlab command line, with {@code sweep}
 * running on the spark engine unless {@code --engine} says otherwise:
 * {@code spark-submit --class org.rnnlab.spark.SparkMain rnnlab-spark.jar sweep --config sweep.yaml --out out}.
 */
public final class SparkMain {
    private SparkMain() {
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        List<String> a = new ArrayList<>(List.of(args));
        if (!a.isEmpty() && "sweep".equals(a.get(0)) && a.stream().noneMatch(s -> s.equals("--engine") || s.startsWith("--engine="))) {
            a.add(1, "--engine");
            a.add(2, SparkEngine.NAME);
        }
        RnnlabCli.main(a.toArray(String[]::new));
    }
}
