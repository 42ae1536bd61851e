package io.sealedkv.engine.persistence;

import io.sealedkv.codec.ValueCodec;
import io.sealedkv.crypto.stream.SegmentedAeadWriter;
import io.sealedkv.engine.keyspace.CollectionValue;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.CRC32C;

/**
 * Writes a {@link Snapshot} as a {@link SnapshotFormat} file, atomically: the bytes go to a temporary
 * file (mode 0600) in the target's directory, which is forced to disk, renamed over the target and the
 * directory forced, so a crash at any point leaves the previous file as it was (a stale temporary file
 * at most).
 */
final class SnapshotWriter {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String TEMP_PREFIX = "temp-";
    private static final String TEMP_SUFFIX = ".sealed";

    private SnapshotWriter() {
    }

    /**
     * Deletes the temporary files that writers of processes no longer running left in {@code directory}
     * (a crash during a save); a live process's file, its save still running, is left alone. Returns
     * the files deleted.
     */
    static List<Path> removeStaleTemporaryFiles(Path directory) throws IOException {
        List<Path> removed = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, TEMP_PREFIX + "*" + TEMP_SUFFIX)) {
            for (Path file : files) {
                long pid = writerPid(file.getFileName().toString());
                if (pid > 0 && ProcessHandle.of(pid).isEmpty() && Files.deleteIfExists(file)) {
                    removed.add(file);
                }
            }
        }
        return removed;
    }

    /** The process id in a temporary file's name, or -1 when the name is not one this writer gives. */
    private static long writerPid(String name) {
        int end = name.indexOf('-', TEMP_PREFIX.length());
        if (end < 0) {
            return -1;
        }
        try {
            return Long.parseLong(name.substring(TEMP_PREFIX.length(), end));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Writes {@code snapshot} to {@code target}; the bytes written, on success. */
    static long write(Snapshot snapshot, ValueCodec codec, Path target) throws SnapshotException {
        Path directory = target.toAbsolutePath().getParent();
        Path temp = null;
        try {
            temp = Files.createTempFile(directory, TEMP_PREFIX + ProcessHandle.current().pid() + "-", TEMP_SUFFIX,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            long size;
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                writeTo(snapshot, codec, Channels.newOutputStream(channel));
                channel.force(true);
                size = channel.size();
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
            try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
                dir.force(true);
            }
            return size;
        } catch (IOException e) {
            throw new SnapshotException(SnapshotException.Failure.IO,
                    "cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the failure being reported matters more than a temporary file left behind
                }
            }
        }
    }

    /** The header and stream, without closing {@code out}. */
    static void writeTo(Snapshot snapshot, ValueCodec codec, OutputStream out) throws IOException, SnapshotException {
        writeTo(snapshot, codec, out, SnapshotFormat.SEGMENT_SIZE);
    }

    /** As {@link #writeTo(Snapshot, ValueCodec, OutputStream)}, cut in segments of {@code segmentSize} bytes. */
    static void writeTo(Snapshot snapshot, ValueCodec codec, OutputStream out, int segmentSize)
            throws IOException, SnapshotException {
        byte[] streamKey = new byte[SnapshotFormat.STREAM_KEY_LENGTH];
        RANDOM.nextBytes(streamKey);
        try {
            byte[] sealedKey = codec.seal(SnapshotFormat.streamKeyContext(), streamKey);
            int streamKeyVersion = codec.keyVersion(sealedKey);
            TreeSet<Integer> versions = new TreeSet<>(snapshot.versions());
            versions.add(streamKeyVersion);
            byte[] header = header(streamKeyVersion, sealedKey, versions, segmentSize);
            out.write(header);
            SegmentedAeadWriter stream = new SegmentedAeadWriter(out, streamKey, header, segmentSize);
            BodyOutput body = new BodyOutput(stream);
            writeBody(snapshot, body, versions);
            body.flushBuffer();
            stream.finish();
        } finally {
            Arrays.fill(streamKey, (byte) 0);
        }
    }

    static byte[] header(int streamKeyVersion, byte[] sealedKey, TreeSet<Integer> versions, int segmentSize)
            throws IOException {
        return header(SnapshotFormat.FORMAT_VERSION, streamKeyVersion, sealedKey, versions, segmentSize);
    }

    /** A header naming {@code formatVersion}; tests write bodies of older versions with it. */
    static byte[] header(int formatVersion, int streamKeyVersion, byte[] sealedKey, TreeSet<Integer> versions,
                         int segmentSize) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(SnapshotFormat.MAGIC);
        out.writeShort(formatVersion);
        out.writeShort(0);
        out.writeInt(segmentSize);
        out.writeInt(streamKeyVersion);
        out.writeShort(sealedKey.length);
        out.write(sealedKey);
        out.writeInt(versions.size());
        for (int version : versions) {
            out.writeInt(version);
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes.toByteArray());
        out.writeInt((int) crc.getValue());
        out.flush();
        return bytes.toByteArray();
    }

    private static void writeBody(Snapshot snapshot, BodyOutput body, TreeSet<Integer> versions)
            throws IOException, SnapshotException {
        StringEnvelopes.Writer strings = new StringEnvelopes.Writer(
                versions.stream().mapToInt(Integer::intValue).toArray());
        for (Snapshot.DatabaseView db : snapshot.databases()) {
            body.writeByte(SnapshotFormat.DATABASE);
            body.writeVarint(db.index());
            body.writeLong(db.id());
            body.writeVarint(db.to() - db.from());
            for (int i = db.from(); i < db.to(); i++) {
                if ((i & 1023) == 0 && snapshot.cancelled()) {
                    throw new SnapshotException(SnapshotException.Failure.CANCELLED, "snapshot cancelled");
                }
                writeEntry(snapshot, i, body, strings);
                snapshot.countWritten();
            }
        }
        body.writeByte(SnapshotFormat.END);
        body.writeVarint(snapshot.size());
        body.writeVarint(versions.size());
        for (int version : versions) {
            body.writeVarint(version);
        }
    }

    private static void writeEntry(Snapshot snapshot, int i, BodyOutput body, StringEnvelopes.Writer strings)
            throws IOException {
        Object value = snapshot.value(i);
        long expireAt = snapshot.expireAt(i);
        int type = value instanceof byte[] ? SnapshotFormat.TYPE_STRING
                : SnapshotFormat.typeByte(((CollectionValue) value).type());
        body.writeByte(type | (expireAt >= 0 ? SnapshotFormat.HEAD_EXPIRY : 0));
        if (expireAt >= 0) {
            body.writeVarint(expireAt);
        }
        body.writeBytes(snapshot.key(i));
        if (value instanceof byte[] sealed) {
            strings.write(sealed, body);
        } else {
            body.writeBytes(snapshot.payload((CollectionValue) value));
        }
    }
}
