package org.rnnlab.experiments.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sweep's output folder, crash-safe and resumable:
 * <ul>
 *   <li>{@code results.csv}: one row per finished point, appended with one write and forced to disk;</li>
 *   <li>{@code telemetry.jsonl}: the point's full telemetry, written (and forced) just before its row, so the row is the
 *       commit mark;</li>
 *   <li>{@code probes.jsonl}: gradient and memory probes, one line each.</li>
 * </ul>
 * On opening, a line cut short by a crash (no final newline) is removed, and telemetry lines of points without a row
 * are dropped, so a killed sweep loses at most the points in flight and a rerun never duplicates a row.
 */
public final class ResultStore {
    /** File names in the output folder. */
    public static final String RESULTS = "results.csv";
    /** Telemetry of every point. */
    public static final String TELEMETRY = "telemetry.jsonl";
    /** Probe results. */
    public static final String PROBES = "probes.jsonl";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CsvMapper CSV = new CsvMapper();

    private final Path dir;
    private final Map<String, PointResult> finished = new LinkedHashMap<>();
    private final Map<String, JsonNode> probes = new LinkedHashMap<>();
    private final List<String> repairs = new ArrayList<>();

    private ResultStore(Path dir) {
        this.dir = dir;
    }

    /** Opens (creating, or repairing and loading) the output folder. */
    public static ResultStore open(Path dir) throws IOException {
        Files.createDirectories(dir);
        ResultStore s = new ResultStore(dir);
        s.load();
        return s;
    }

    private void load() throws IOException {
        Path results = dir.resolve(RESULTS);
        if (Files.exists(results)) {
            truncateToLastNewline(results);
            CsvSchema schema = CsvSchema.emptySchema().withHeader();
            try (MappingIterator<Map<String, String>> it = CSV.readerForMapOf(String.class).with(schema).readValues(results.toFile())) {
                while (it.hasNext()) {
                    Map<String, String> row = it.next();
                    try {
                        PointResult r = PointResult.fromRow(row);
                        finished.put(r.id(), r);
                    } catch (RuntimeException e) {
                        throw new IOException(results + ": a row cannot be read (" + e.getMessage() + "); it was not written by this "
                                + "version of rnnlab: use another --out folder", e);
                    }
                }
            }
        } else {
            Files.writeString(results, String.join(",", PointResult.COLUMNS) + "\n", StandardCharsets.UTF_8);
        }
        Path telemetry = dir.resolve(TELEMETRY);
        if (Files.exists(telemetry)) {
            truncateToLastNewline(telemetry);
            List<String> keep = new ArrayList<>();
            int dropped = 0;
            for (String line : Files.readAllLines(telemetry, StandardCharsets.UTF_8)) {
                JsonNode n = JSON.readTree(line);
                if (finished.containsKey(n.path("id").asText())) {
                    keep.add(line);
                } else {
                    dropped++;
                }
            }
            if (dropped > 0) {
                Path tmp = Files.createTempFile(dir, TELEMETRY, ".tmp");
                Files.write(tmp, keep, StandardCharsets.UTF_8);
                Files.move(tmp, telemetry, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                repairs.add(telemetry.getFileName() + ": dropped " + dropped + " line(s) of points that had not finished");
            }
        }
        Path probeFile = dir.resolve(PROBES);
        if (Files.exists(probeFile)) {
            truncateToLastNewline(probeFile);
            for (String line : Files.readAllLines(probeFile, StandardCharsets.UTF_8)) {
                JsonNode n = JSON.readTree(line);
                probes.put(n.path("id").asText(), n);
            }
        }
    }

    private void truncateToLastNewline(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            if (size == 0) {
                return;
            }
            long pos = size;
            ByteBuffer one = ByteBuffer.allocate(1);
            while (pos > 0) {
                one.clear();
                ch.read(one, pos - 1);
                if (one.get(0) == '\n') {
                    break;
                }
                pos--;
            }
            if (pos != size) {
                ch.truncate(pos);
                ch.force(true);
                repairs.add(file.getFileName() + ": removed a line cut short by an interrupted run (" + (size - pos) + " bytes)");
            }
        }
    }

    /** What opening had to repair, for the log. */
    public List<String> repairs() {
        return List.copyOf(repairs);
    }

    /** Points already finished, by id. */
    public synchronized Map<String, PointResult> finished() {
        return new LinkedHashMap<>(finished);
    }

    /** Probes already recorded, by id. */
    public synchronized Map<String, JsonNode> probes() {
        return new LinkedHashMap<>(probes);
    }

    /** The output folder. */
    public Path dir() {
        return dir;
    }

    /** Records a finished point: its telemetry first, then its row (the commit mark), each forced to disk. */
    public synchronized void commit(PointResult result, ObjectNode telemetry) throws IOException {
        telemetry.put("id", result.id());
        append(dir.resolve(TELEMETRY), JSON.writeValueAsString(telemetry) + "\n");
        CsvSchema.Builder b = CsvSchema.builder();
        PointResult.COLUMNS.forEach(b::addColumn);
        String row = CSV.writer(b.build().withoutHeader()).writeValueAsString(result.toRow());
        append(dir.resolve(RESULTS), row.endsWith("\n") ? row : row + "\n");
        finished.put(result.id(), result);
    }

    /** Records a probe result under {@code id}. */
    public synchronized void commitProbe(String id, ObjectNode probe) throws IOException {
        probe.put("id", id);
        append(dir.resolve(PROBES), JSON.writeValueAsString(probe) + "\n");
        probes.put(id, probe);
    }

    private static void append(Path file, String line) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer buf = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(false);
        }
    }
}
