package org.rnnlab.experiments.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A numeric time series from a CSV file: a header line of column names, then one line per time step, one number per
 * column (a column per feature). Strict: UTF-8, the same number of fields on every line, every field a finite number;
 * an error names the file, the line and the column.
 *
 * @param file    where it was read from
 * @param columns the column names
 * @param values  [steps][columns]
 */
public record CsvSeries(Path file, List<String> columns, double[][] values) {
    /** Most values read from one file (a sweep's series fits in memory many times over). */
    public static final long MAX_VALUES = 50_000_000L;

    /**
     * Reads the file, keeping the named columns (all when {@code wanted} is empty), in the order named.
     *
     * @throws DataFileException naming the file, line and column of the first problem
     */
    public static CsvSeries read(Path file, List<String> wanted) throws IOException {
        String text = TextFile.read(file); // strict UTF-8: a bad byte is named by its line and offset
        try (BufferedReader in = new BufferedReader(new StringReader(text))) {
            String header = in.readLine();
            if (header == null || header.isBlank()) {
                throw new DataFileException(file + " line 1: no header; a series file starts with a line of column names");
            }
            List<String> names = Arrays.stream(header.split(",", -1)).map(String::strip).toList();
            for (int c = 0; c < names.size(); c++) {
                if (names.get(c).isEmpty()) {
                    throw new DataFileException(file + " line 1: column " + (c + 1) + " has no name");
                }
                if (names.indexOf(names.get(c)) != c) {
                    throw new DataFileException(file + " line 1: the column name '" + names.get(c) + "' is there twice");
                }
            }
            List<String> keep = wanted.isEmpty() ? names : wanted;
            int[] at = new int[keep.size()];
            for (int k = 0; k < at.length; k++) {
                at[k] = names.indexOf(keep.get(k));
                if (at[k] < 0) {
                    throw new DataFileException(file + " line 1: no column '" + keep.get(k) + "'; the columns are " + names);
                }
            }
            List<double[]> rows = new ArrayList<>();
            String line;
            int n = 1;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                if (f.length != names.size()) {
                    throw new DataFileException(file + " line " + n + ": " + f.length + " field(s), but the header has " + names.size()
                            + " columns");
                }
                double[] row = new double[at.length];
                for (int k = 0; k < at.length; k++) {
                    String v = f[at[k]].strip();
                    try {
                        row[k] = Double.parseDouble(v);
                    } catch (NumberFormatException e) {
                        throw new DataFileException(file + " line " + n + ", column '" + keep.get(k) + "': " + (v.isEmpty() ? "the value is "
                                + "missing" : "'" + (v.length() > 40 ? v.substring(0, 40) + "…" : v) + "' is not a number"));
                    }
                    if (!Double.isFinite(row[k])) {
                        throw new DataFileException(file + " line " + n + ", column '" + keep.get(k) + "': " + v + " is not a finite number");
                    }
                }
                rows.add(row);
                if ((long) rows.size() * at.length > MAX_VALUES) {
                    throw new DataFileException(file + ": more than " + MAX_VALUES + " values; split the series into shorter files");
                }
            }
            if (rows.size() < 2) {
                throw new DataFileException(file + ": " + rows.size() + " data line(s); a series needs at least 2");
            }
            return new CsvSeries(file, List.copyOf(keep), rows.toArray(double[][]::new));
        }
    }
}
