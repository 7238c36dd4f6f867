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

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    /** The lock file's identity (device and inode): a folder deleted and made again has a new one. */
    private final Object key;

    private FolderLock(Path file, FileChannel channel, FileLock lock, Object key) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.key = key;
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
        return new FolderLock(file, ch, l, key(file));
    }

    private static Object key(Path file) {
        try {
            return java.nio.file.Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Fails when the lock file is no longer the one this lock holds: the folder was deleted (and perhaps made again by
     * another sweep) while this one wrote it. Writing on would mix two runs in one folder.
     */
    void verify() throws IOException {
        Object now = key(file);
        if (key != null && !key.equals(now)) {
            throw new FolderInUseException(file.getParent() + " was deleted or replaced while this sweep wrote it (its lock file is "
                    + (now == null ? "gone" : "another one") + "); stopping rather than mix two runs in one folder. Rerun into a folder "
                    + "no other sweep uses");
        }
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
