package org.rnnlab.experiments.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.zip.GZIPInputStream;

/** What every reader does first: a regular file that exists and is not empty, opened through gzip when it is gzipped. */
final class DataFiles {
    private DataFiles() {
    }

    /** The file's size, after checking it is a regular, non-empty file (a FIFO would block a reader: it is refused). */
    static long regularFile(Path file) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new DataFileException(file + ": no such file");
        }
        if (a.isDirectory()) {
            throw new DataFileException(file + " is a directory, not a data file");
        }
        if (!a.isRegularFile()) {
            throw new DataFileException(file + " is not a regular file (a FIFO, device or socket): data is read from regular files only");
        }
        if (a.size() == 0) {
            throw new DataFileException(file + ": the file is empty (0 bytes)");
        }
        return a.size();
    }

    /** Whether the file starts with gzip's magic bytes 1f 8b. */
    static boolean gzipped(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    /** The file's bytes as a stream, decompressed when gzipped. */
    static InputStream open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        if (gzipped(file)) {
            try {
                return new GZIPInputStream(in, 1 << 16);
            } catch (IOException e) {
                in.close();
                throw new DataFileException(file + ": not a valid gzip file (" + e.getMessage() + ")", e);
            }
        }
        return new java.io.BufferedInputStream(in, 1 << 16);
    }
}
