package org.rnnlab.experiments.sweep.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.util.Locale;
import org.rnnlab.experiments.sweep.plan.Point;
import org.rnnlab.experiments.sweep.plan.Series;

/**
 * A row of {@code results.csv}. The columns are this record's components, in this order, named by their
 * {@code @JsonProperty}: {@link SweepFolder} reads and writes them with Jackson's CSV mapper from this one definition.
 * The descriptive columns repeat the point's settings for people and spreadsheets; {@code fingerprint} alone says which
 * point a row is.
 */
public record ResultRow(String id, String fingerprint, String task, String cell, int hidden, int length, String optimizer,
                        String clipping, String init, long seed, String precision, String status, boolean solved, long steps,
                        @JsonProperty("validation_loss") double validationLoss,
                        @JsonProperty("best_validation_loss") double bestValidationLoss, double baseline, String metric,
                        @JsonProperty("validation_metric") double validationMetric, @JsonProperty("test_metric") double testMetric,
                        @JsonProperty("clipped_steps") long clippedSteps, @JsonProperty("nonfinite_steps") long nonFiniteSteps,
                        String backend, String seconds, String host) {

    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvParser.Feature.FAIL_ON_MISSING_COLUMNS)
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY).build();
    /** The columns: this record's components in declaration order. */
    private static final CsvSchema SCHEMA = CSV.schemaFor(ResultRow.class).withoutHeader();
    /** The header line of {@code results.csv}. */
    public static final String HEADER = String.join(",", SCHEMA.getColumnNames());

    /** Validates what a damaged file could get wrong that the column types do not catch. */
    public ResultRow {
        if (id == null || fingerprint == null || !fingerprint.matches("[0-9a-f]{32}")) {
            throw new IllegalArgumentException("the fingerprint must be 32 hexadecimal digits, got '" + fingerprint + "'");
        }
        if (status == null || backend == null || host == null || seconds == null || metric == null) {
            throw new IllegalArgumentException("status, backend, seconds and host need values");
        }
        try {
            Double.parseDouble(seconds);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("seconds must be a number, got '" + seconds + "'");
        }
    }

    /** The row of a finished point. */
    public static ResultRow of(Point p, String precision, Metrics m, RunInfo r) {
        Series s = p.series();
        return new ResultRow(p.id(), p.fingerprint(), s.task().label(), s.cell().label(), s.hidden(), p.length(), s.optimizer().label(),
                s.clipping().label(), s.init().id(), s.seed(), precision, m.status(), m.solved(), m.steps(), m.validationLoss(),
                m.bestValidationLoss(), m.baseline(), m.metric(), m.validationMetric(), m.testMetric(), m.clippedSteps(), m.nonFiniteSteps(),
                r.backend(),
                String.format(Locale.ROOT, "%.2f", r.seconds()), r.host());
    }

    /**
     * Reads one line of {@code results.csv} (not the header).
     *
     * @throws JsonProcessingException when the line does not hold the columns with values of their types
     * @throws IllegalArgumentException when a value is not allowed
     */
    public static ResultRow parse(String line) throws JsonProcessingException {
        return CSV.readerFor(ResultRow.class).with(SCHEMA).readValue(line);
    }

    /** The row as one line of {@code results.csv}, without the line break. */
    public String toCsv() {
        try {
            return CSV.writer(SCHEMA).writeValueAsString(this).strip();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a row of plain values cannot be written as CSV: " + e.getMessage(), e);
        }
    }

    /** What the row says training measured. */
    public Metrics metrics() {
        return new Metrics(status, solved, steps, validationLoss, bestValidationLoss, baseline, metric, validationMetric, testMetric,
                clippedSteps, nonFiniteSteps);
    }

    /** Where the row says the point ran. */
    public RunInfo run() {
        return new RunInfo(backend, Double.parseDouble(seconds), host);
    }
}
