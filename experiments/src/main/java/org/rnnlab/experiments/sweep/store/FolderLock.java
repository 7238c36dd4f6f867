package org.rnnlab.experiments.sweep.store;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One writer per output folder: an exclusive OS lock on {@code .lock} (released by the OS when the process dies, so a
 * killed sweep never leaves a stale lock), holding who took it, which a refused second writer prints.
 */
final class FolderLock implements AutoCloseable {
    static final String FILE = ".lock";

    private final FileChannel channel;
    private final FileLock lock;

    private FolderLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock or fails at once, saying who holds it. */
    static FolderLock take(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null; // held by this very process
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        if (l == null) {
            String holder = holder(ch);
            ch.close();
            throw new FolderInUseException(dir + " is in use by another sweep (" + holder + "); wait for it to finish, or give "
                    + "another --out folder");
        }
        ch.truncate(0);
        ch.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + " on " + host() + ", since " + Instant.now() + "\n")
                .getBytes(StandardCharsets.UTF_8)), 0);
        ch.force(false);
        return new FolderLock(ch, l);
    }

    private static String holder(FileChannel ch) {
        try {
            ByteBuffer b = ByteBuffer.allocate(200);
            ch.read(b, 0);
            String s = new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? "a process that has just started" : s.replaceAll("\\p{Cntrl}", "?");
        } catch (IOException e) {
            return "a process whose lock file cannot be read";
        }
    }

    /** This machine's name, for the lock and the rows. */
    static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            String name = ManagementFactory.getRuntimeMXBean().getName();
            return name.contains("@") ? name.substring(name.indexOf('@') + 1) : "unknown";
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
