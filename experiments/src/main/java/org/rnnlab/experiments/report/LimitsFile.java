package org.rnnlab.experiments.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.rnnlab.experiments.sweep.plan.Series;

/** {@code limits.csv}: one row per series (every seed's value), the columns those of {@link Row}, written by Jackson. */
final class LimitsFile {
    static final String NAME = "limits.csv";

    private static final CsvMapper CSV = CsvMapper.builder().disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY).build();

    /**
     * A row.
     *
     * @param limit       the longest length solved before the first that was not (0: none solved)
     * @param firstFailed the shortest length not solved (0: none; the limit is then censored)
     * @param censored    whether the longest length tried was solved
     * @param failed      whether a point failed to run
     */
    record Row(String task, String cell, int hidden, @JsonProperty("budget_steps") int budgetSteps, String optimizer, String clipping,
               String schedule, String init, long seed, int limit, @JsonProperty("first_failed") int firstFailed, boolean censored,
               boolean failed) {
    }

    private LimitsFile() {
    }

    static void write(Path file, LimitAnalysis a) throws IOException {
        List<Row> rows = a.series().stream().map(l -> {
            Series s = l.series();
            return new Row(s.task().label(), s.cell().label(), s.hidden(), s.steps(), s.optimizer().label(), s.clipping().label(),
                    s.schedule().label(), s.init().id(), s.seed(), l.limit(), l.firstFailed(), l.censored(), l.failed());
        }).toList();
        CsvSchema schema = CSV.schemaFor(Row.class).withHeader();
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), NAME, ".tmp");
        try {
            CSV.writer(schema).writeValues(tmp.toFile()).writeAll(rows).close();
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
