package org.rnnlab.experiments.sweep.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.rnnlab.experiments.sweep.plan.Point;
import org.rnnlab.experiments.sweep.plan.Series;
import org.rnnlab.experiments.sweep.plan.SweepPlan;

/**
 * A sweep's output folder, crash-safe, resumable, and tied to the settings that made it:
 * <ul>
 *   <li>{@code .lock}: an OS lock held while a sweep writes; a second sweep into the folder is refused at once;</li>
 *   <li>{@code sweep.json}: the settings every point shares ({@link SweepPlan#sharedSettings()}) and the config of the
 *       last run; a rerun whose shared settings differ is refused, naming each differing key;</li>
 *   <li>{@code results.csv}: one row per finished point (columns: {@link ResultRow}), appended with one forced write,
 *       the commit mark of its point;</li>
 *   <li>{@code checkpoints/<fingerprint>.safetensors} and a line of {@code telemetry.jsonl}: written (and forced)
 *       before the row;</li>
 *   <li>{@code probes.jsonl}: gradient and memory probes, a line each; {@code failures.jsonl}: points and probes that
 *       failed in the last run (they are retried on the next).</li>
 * </ul>
 * Opening repairs what a crash leaves (a last line cut short; telemetry of points whose row was never written) and
 * what the sweep can reproduce (unreadable telemetry or probe lines are set aside in {@code *.damaged.jsonl}; points
 * whose telemetry or checkpoint is gone are rerun to restore them, their rows kept). A row that cannot be read is
 * never guessed at: the folder is refused, naming the file and line.
 */
public final class SweepFolder implements AutoCloseable {
    /** One row per finished point. */
    public static final String RESULTS = "results.csv";
    /** Telemetry of every finished point. */
    public static final String TELEMETRY = "telemetry.jsonl";
    /** Probe results. */
    public static final String PROBES = "probes.jsonl";
    /** Points and probes that failed in the last run. */
    public static final String FAILURES = "failures.jsonl";
    /** The shared settings and the last config. */
    public static final String MANIFEST = "sweep.json";
    /** Trained parameters, one file per point. */
    public static final String CHECKPOINTS = "checkpoints";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The header line of {@link #RESULTS}, from {@link ResultRow}'s components. */
    public static final String HEADER = ResultRow.HEADER;

    private final Path dir;
    private final SweepPlan plan;
    private final FolderLock lock;
    private final Map<String, Point> planned = new HashMap<>();
    private final Map<String, PointResult> finished = new LinkedHashMap<>();
    private final Set<String> restore = new HashSet<>();
    /** Fingerprints of every row, of this plan or not (rows of points this plan does not run are kept as they are). */
    private final Set<String> allRows = new HashSet<>();
    private final Set<String> withTelemetry = new HashSet<>();
    private final Map<String, JsonNode> probes = new LinkedHashMap<>();
    private final List<Failure> failures = new ArrayList<>();
    private final List<String> repairs = new ArrayList<>();
    /** Every run that wrote this folder, oldest first (kept in the manifest). */
    private final List<JsonNode> runs = new ArrayList<>();
    private String created;

    /**
     * A point or probe that failed.
     *
     * @param what  {@code point} or {@code probe}
     * @param key   the point's id or the probe's key
     * @param error what went wrong
     */
    public record Failure(String what, String key, String error) {
    }

    private SweepFolder(Path dir, SweepPlan plan, FolderLock lock) {
        this.dir = dir;
        this.plan = plan;
        this.lock = lock;
    }

    /**
     * Opens the folder for {@code plan}: creates it, takes its lock, checks its manifest, loads and repairs its files.
     *
     * @throws FolderInUseException     when another sweep holds it
     * @throws UnusableFolderException  when it was made by other settings or its results cannot be read
     */
    public static SweepFolder open(Path dir, SweepPlan plan) throws IOException {
        prepare(dir);
        FolderLock lock = FolderLock.take(dir);
        SweepFolder f = new SweepFolder(dir, plan, lock);
        try {
            f.load();
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
        return f;
    }

    private static void prepare(Path dir) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UnusableFolderException(dir + " is a file, not a folder: give --out a folder (it is created if absent)");
        }
        try {
            Files.createDirectories(dir);
            Files.createDirectories(dir.resolve(CHECKPOINTS));
        } catch (AccessDeniedException e) {
            throw new UnusableFolderException("cannot create " + e.getFile() + ": permission denied; give --out a folder you can write");
        } catch (FileSystemException e) {
            throw new UnusableFolderException("cannot create " + e.getFile() + ": " + (e.getReason() == null ? e.getMessage() : e.getReason())
                    + "; give --out a folder you can write");
        }
        if (!Files.isWritable(dir) || !Files.isWritable(dir.resolve(CHECKPOINTS))) {
            throw new UnusableFolderException(dir + " is not writable: permission denied; give --out a folder you can write");
        }
    }

    private void load() throws IOException {
        for (Series s : plan.series()) {
            for (Point p : plan.points(s)) {
                planned.put(p.fingerprint(), p);
            }
        }
        checkManifest();
        loadResults();
        loadTelemetry();
        loadProbes();
        for (Map.Entry<String, PointResult> e : finished.entrySet()) {
            boolean telemetry = withTelemetry.contains(e.getKey());
            boolean checkpoint = Files.isRegularFile(checkpoint(e.getKey()));
            if (!telemetry || !checkpoint) {
                restore.add(e.getKey());
            }
        }
        if (!restore.isEmpty()) {
            repairs.add(restore.size() + " finished point(s) lost their " + "telemetry or checkpoint: they will be rerun to restore them "
                    + "(their rows are kept)");
        }
        Files.deleteIfExists(dir.resolve(FAILURES));
    }

    // ------------------------------------------------------------------------------------------------ the manifest

    private void checkManifest() throws IOException {
        Path file = dir.resolve(MANIFEST);
        Map<String, String> shared = plan.sharedSettings();
        String created = Instant.now().toString();
        if (Files.exists(file)) {
            JsonNode m;
            try {
                m = JSON.readTree(readBounded(file, 1 << 20));
            } catch (JsonProcessingException e) {
                throw new UnusableFolderException(file + ": not readable JSON (" + e.getOriginalMessage() + "); this folder was damaged: "
                        + "give another --out folder");
            }
            JsonNode was = m == null ? null : m.get("shared");
            if (was == null || !was.isObject()) {
                throw new UnusableFolderException(file + ": has no 'shared' settings; it was not written by this version of rnnlab: "
                        + "give another --out folder");
            }
            List<String> diffs = new ArrayList<>();
            Set<String> keys = new TreeSet<>(shared.keySet());
            was.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                String old = was.hasNonNull(k) ? was.get(k).asText() : null;
                String now = shared.get(k);
                if (old == null ? now != null : !old.equals(now)) {
                    diffs.add(k + " " + (old == null ? "(absent)" : old) + " there, " + (now == null ? "(absent)" : now) + " here");
                }
            }
            if (!diffs.isEmpty()) {
                throw new UnusableFolderException(dir + " holds results of other settings: " + String.join("; ", diffs)
                        + ". Their points would not be comparable with this sweep's: give another --out folder, or set these keys "
                        + "as they were");
            }
            created = m.path("created").asText(created);
            if (m.path("runs").isArray()) {
                m.get("runs").forEach(runs::add);
            }
        } else if (Files.exists(dir.resolve(RESULTS))) {
            throw new UnusableFolderException(dir + " holds " + RESULTS + " but no " + MANIFEST + ": it was written by an older "
                    + "version of rnnlab, whose points cannot be checked against this sweep's settings; give another --out folder");
        }
        this.created = created;
        writeManifest();
    }

    private void writeManifest() throws IOException {
        Path file = dir.resolve(MANIFEST);
        ObjectNode m = JSON.createObjectNode();
        m.put("format", SweepPlan.FORMAT).put("created", created).put("updated", Instant.now().toString());
        m.set("shared", JSON.valueToTree(plan.sharedSettings()));
        m.set("config", JSON.valueToTree(plan.config()));
        m.putArray("runs").addAll(runs);
        Path tmp = Files.createTempFile(dir, MANIFEST, ".tmp");
        try {
            Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(m), StandardOpenOption.SYNC);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static byte[] readBounded(Path file, int max) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new UnusableFolderException(file + " is not a regular file; give another --out folder");
        }
        long size = Files.size(file);
        if (size > max) {
            throw new UnusableFolderException(file + ": " + size + " bytes, more than the " + max + " it can hold; this folder was "
                    + "damaged: give another --out folder");
        }
        return Files.readAllBytes(file);
    }

    // ------------------------------------------------------------------------------------------------ results.csv

    private void loadResults() throws IOException {
        Path file = dir.resolve(RESULTS);
        if (!Files.exists(file)) {
            Files.writeString(file, HEADER + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
            return;
        }
        truncateToLastNewline(file);
        Map<String, Integer> lineOf = new HashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null) {
                Files.writeString(file, HEADER + "\n", StandardCharsets.UTF_8);
                return;
            }
            if (!header.equals(HEADER)) {
                throw new UnusableFolderException(file + " line 1: the columns are not those this version of rnnlab writes (" + HEADER
                        + "); give another --out folder");
            }
            String line;
            int n = 1;
            while ((line = in.readLine()) != null) {
                n++;
                ResultRow row;
                try {
                    row = ResultRow.parse(line);
                } catch (IOException | RuntimeException e) {
                    String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
                    throw new UnusableFolderException(file + " line " + n + ": cannot be read (" + shorten(why) + "): the file was "
                            + "edited or damaged. Fix or delete that line and rerun (a deleted row's point runs again)");
                }
                allRows.add(row.fingerprint());
                Integer earlier = lineOf.put(row.fingerprint(), n);
                if (earlier != null) {
                    throw new UnusableFolderException(file + " lines " + earlier + " and " + n + " hold the same point (" + row.id()
                            + "): the file was edited or damaged. Delete one of them and rerun");
                }
                Point p = planned.get(row.fingerprint());
                if (p != null) {
                    finished.put(p.fingerprint(), new PointResult(p, row.metrics(), row.run()));
                }
            }
        } catch (java.nio.charset.MalformedInputException e) {
            throw new UnusableFolderException(file + ": not UTF-8 text: the file was damaged; give another --out folder");
        }
    }

    // ------------------------------------------------------------------------------------------------ telemetry and probes

    private void loadTelemetry() throws IOException {
        Path file = dir.resolve(TELEMETRY);
        if (!Files.exists(file)) {
            return;
        }
        truncateToLastNewline(file);
        Set<String> rows = allRows;
        List<String> keep = new ArrayList<>();
        List<String> damaged = new ArrayList<>();
        int dropped = 0;
        int n = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                n++;
                String fp = field(line, "fingerprint");
                if (fp == null) {
                    damaged.add(TELEMETRY + " line " + n);
                    setAside(TELEMETRY, line);
                } else if (rows.contains(fp)) {
                    keep.add(line);
                    withTelemetry.add(fp);
                } else {
                    dropped++; // a point in flight when a sweep was killed: its row was never written
                }
            }
        } catch (java.nio.charset.MalformedInputException e) {
            throw new UnusableFolderException(file + ": not UTF-8 text: the file was damaged; move it away and rerun (the points "
                    + "whose telemetry it held are rerun)");
        }
        if (!damaged.isEmpty()) {
            repairs.add(String.join(", ", damaged) + ": unreadable, set aside in " + damagedName(TELEMETRY));
        }
        if (dropped > 0) {
            repairs.add(TELEMETRY + ": dropped " + dropped + " line(s) of points that had not finished");
        }
        if (dropped > 0 || !damaged.isEmpty()) {
            rewrite(file, keep);
        }
    }

    private void loadProbes() throws IOException {
        Path file = dir.resolve(PROBES);
        if (!Files.exists(file)) {
            return;
        }
        truncateToLastNewline(file);
        List<String> keep = new ArrayList<>();
        List<String> damaged = new ArrayList<>();
        int n = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                n++;
                JsonNode node = parse(line);
                if (node == null || !node.path("key").isTextual()) {
                    damaged.add(PROBES + " line " + n);
                    setAside(PROBES, line);
                } else {
                    keep.add(line);
                    probes.put(node.get("key").asText(), node);
                }
            }
        } catch (java.nio.charset.MalformedInputException e) {
            throw new UnusableFolderException(file + ": not UTF-8 text: the file was damaged; move it away and rerun (its probes "
                    + "are measured again)");
        }
        if (!damaged.isEmpty()) {
            repairs.add(String.join(", ", damaged) + ": unreadable, set aside in " + damagedName(PROBES) + " (measured again)");
            rewrite(file, keep);
        }
    }

    private static String field(String line, String name) {
        JsonNode n = parse(line);
        return n != null && n.path(name).isTextual() ? n.get(name).asText() : null;
    }

    private static JsonNode parse(String line) {
        try {
            JsonNode n = JSON.readTree(line);
            return n != null && n.isObject() ? n : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String damagedName(String file) {
        return file.replace(".jsonl", ".damaged.jsonl");
    }

    private void setAside(String file, String line) throws IOException {
        append(dir.resolve(damagedName(file)), line + "\n");
    }

    private void rewrite(Path file, List<String> lines) throws IOException {
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, lines, StandardCharsets.UTF_8, StandardOpenOption.SYNC);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private void truncateToLastNewline(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
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
                repairs.add(file.getFileName() + ": removed a last line cut short by an interrupted run (" + (size - pos) + " bytes)");
            }
        }
    }

    private static String shorten(String s) {
        String t = String.valueOf(s).replaceAll("\\p{Cntrl}", " ");
        return t.length() > 200 ? t.substring(0, 200) + "…" : t;
    }

    // ------------------------------------------------------------------------------------------------ reading

    /** What opening had to repair, for the log. */
    public List<String> repairs() {
        return List.copyOf(repairs);
    }

    /** The output folder. */
    public Path dir() {
        return dir;
    }

    /** The finished point of this fingerprint, if its row is here. */
    public synchronized PointResult finished(String fingerprint) {
        return finished.get(fingerprint);
    }

    /** How many of the plan's points are finished. */
    public synchronized int finishedCount() {
        return finished.size();
    }

    /** Whether a finished point lost its telemetry or checkpoint and must run again to restore them. */
    public synchronized boolean needsRestore(String fingerprint) {
        return restore.contains(fingerprint);
    }

    /** The probe stored under {@code key}, or null. */
    public synchronized JsonNode probe(String key) {
        return probes.get(key);
    }

    /** Every probe, by key. */
    public synchronized Map<String, JsonNode> probes() {
        return new LinkedHashMap<>(probes);
    }

    /** What failed in this run. */
    public synchronized List<Failure> failures() {
        return List.copyOf(failures);
    }

    /** The checkpoint file of a point. */
    public Path checkpoint(String fingerprint) {
        return dir.resolve(CHECKPOINTS).resolve(fingerprint + ".safetensors");
    }

    /** The validation curves ({@code [[step, loss], …]}) of the given points, from the telemetry file. */
    public Map<String, JsonNode> evaluations(Set<String> fingerprints) throws IOException {
        return telemetry(fingerprints, "evaluations");
    }

    /** One field of the given points' telemetry ({@code evaluations}, {@code references}, {@code sample}), by fingerprint. */
    public Map<String, JsonNode> telemetry(Set<String> fingerprints, String field) throws IOException {
        Map<String, JsonNode> out = new HashMap<>();
        Path file = dir.resolve(TELEMETRY);
        if (!Files.exists(file)) {
            return out;
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode n = parse(line);
                if (n != null && fingerprints.contains(n.path("fingerprint").asText()) && n.has(field)) {
                    out.put(n.get("fingerprint").asText(), n.get(field));
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------ writing

    /**
     * Records a trained point: checkpoint, then telemetry, then its row (the commit mark), each forced to disk. A point
     * that only restores lost telemetry or checkpoint keeps its row.
     *
     * @param telemetry JSON object of the point's telemetry
     */
    public synchronized PointResult commit(Point p, Metrics metrics, RunInfo run, String telemetry, byte[] checkpoint) throws IOException {
        lock.verify();
        Path ck = checkpoint(p.fingerprint());
        Path tmp = Files.createTempFile(ck.getParent(), ck.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, checkpoint, StandardOpenOption.SYNC);
            Files.move(tmp, ck, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        if (!withTelemetry.contains(p.fingerprint())) { // a point rerun only for its checkpoint keeps its telemetry line
            ObjectNode t = (ObjectNode) JSON.readTree(telemetry);
            ObjectNode line = JSON.createObjectNode().put("fingerprint", p.fingerprint()).put("id", p.id());
            line.setAll(t);
            append(dir.resolve(TELEMETRY), JSON.writeValueAsString(line) + "\n");
            withTelemetry.add(p.fingerprint());
        }
        if (restore.remove(p.fingerprint())) {
            return finished.get(p.fingerprint());
        }
        ResultRow row = ResultRow.of(p, plan.precision().id(), metrics, run);
        append(dir.resolve(RESULTS), row.toCsv() + "\n");
        PointResult r = new PointResult(p, metrics, run);
        finished.put(p.fingerprint(), r);
        return r;
    }

    /** Records a probe under {@code key}. */
    public synchronized void commitProbe(String key, ObjectNode probe) throws IOException {
        lock.verify();
        probe.put("key", key);
        append(dir.resolve(PROBES), JSON.writeValueAsString(probe) + "\n");
        probes.put(key, probe);
    }

    /** Every run recorded in this folder, oldest first. */
    public synchronized List<JsonNode> runs() {
        return List.copyOf(runs);
    }

    /** Records a finished run (when, how long, where) in the manifest. */
    public synchronized void recordRun(JsonNode run) throws IOException {
        lock.verify();
        runs.add(run);
        writeManifest();
    }

    /** Records a failure of this run (retried by the next). */
    public synchronized void fail(Failure f) throws IOException {
        lock.verify();
        failures.add(f);
        ObjectNode n = JSON.createObjectNode().put("what", f.what()).put("key", f.key()).put("error", f.error())
                .put("time", Instant.now().toString());
        append(dir.resolve(FAILURES), JSON.writeValueAsString(n) + "\n");
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

    /** Releases the folder's lock. */
    @Override
    public void close() throws IOException {
        lock.close();
    }
}
