package io.sealedkv.engine.persistence;

import io.sealedkv.codec.ValueCodec;
import io.sealedkv.crypto.DestroyedKeyVersionException;
import io.sealedkv.crypto.SealingException;
import io.sealedkv.crypto.UnknownKeyVersionException;
import io.sealedkv.crypto.stream.SegmentedAeadReader;
import io.sealedkv.crypto.stream.StreamAuthenticationException;
import io.sealedkv.crypto.stream.StreamTrailingDataException;
import io.sealedkv.crypto.stream.StreamTruncatedException;
import io.sealedkv.engine.keyspace.CollectionReaders;
import io.sealedkv.engine.keyspace.CollectionValue;
import io.sealedkv.engine.keyspace.DatabaseLoader;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.engine.keyspace.ValueType;
import io.sealedkv.engine.persistence.SnapshotException.Failure;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.zip.CRC32C;

/**
 * The one reader of {@link SnapshotFormat} files: verifies the header, checks that every data key
 * version the file needs is in the keystore, opens the stream key and loads the body into an empty
 * keyspace (or hands each entry to an {@link EntrySink}), values kept exactly as sealed (nothing is
 * opened but the stream key).
 *
 * <p>A file that does not verify is refused with a {@link SnapshotException} naming what failed; the
 * keyspace may then hold part of the data and must be discarded (the server does not start). With
 * {@code salvage}, a failure in the stream or body instead keeps every key read from segments that
 * verified and reports the loss in the result.
 */
public final class SnapshotReader {
    /** Keys larger than Redis allows are refused before allocating. */
    private static final int MAX_KEY_LENGTH = 512 * 1024 * 1024;
    private static final int MAX_VALUE_LENGTH = Integer.MAX_VALUE - 16;
    private static final int FIXED_HEADER = 22;
    /** The stream is decrypted this far ahead of the parser, on a thread of its own (a second CPU). */
    private static final int READ_AHEAD_CHUNK = 64 * 1024;
    private static final int READ_AHEAD_DEPTH = 4;
    /** String entries handed to a database's loader at a time (see {@link DatabaseLoader#addAll}). */
    private static final int PENDING = 32;

    private final ValueCodec codec;
    private final Keyspace keyspace;
    private final int databaseCount;
    private final EntrySink sink;
    /** The sink when loading into a keyspace, which it fills one database at a time; else null. */
    private final KeyspaceSink loading;
    private final boolean salvage;
    private final long now;
    private final long[] ids;
    private final TreeSet<Integer> used = new TreeSet<>();
    private long loaded;
    private int lastVersion = -1;
    private long expired;
    private final PendingStrings pending = new PendingStrings();
    /** The database of the pending strings. */
    private int pendingDb;
    /** The body position after a duplicate found among pending strings, for the salvage report; else -1. */
    private long failedAt = -1;
    private int formatVersion;
    private StringEnvelopes.Reader strings;

    private SnapshotReader(ValueCodec codec, Keyspace keyspace, int databaseCount, long now, EntrySink sink,
                           boolean salvage) {
        this.codec = codec;
        this.keyspace = keyspace;
        this.databaseCount = databaseCount;
        this.sink = sink;
        this.loading = sink instanceof KeyspaceSink keyspaceSink ? keyspaceSink : null;
        this.salvage = salvage;
        this.now = now;
        this.ids = new long[databaseCount];
        Arrays.fill(ids, -1);
    }

    /**
     * Receives the entries of a snapshot as they are read (not yet expired ones only), values as sealed:
     * a {@code byte[]} envelope for a string, a {@link CollectionValue} otherwise.
     */
    public interface EntrySink {
        /** False when {@code key} was already given for {@code dbIndex} (the file is then refused). */
        boolean entry(int dbIndex, long dbId, byte[] key, Object value, long expireAt);
    }

    /**
     * Loads into a keyspace through one {@link DatabaseLoader} per database record, each finished when
     * the next database starts or the read ends (salvage keeps what was read before a failure).
     */
    private static final class KeyspaceSink implements EntrySink {
        private final Keyspace keyspace;
        private DatabaseLoader current;

        KeyspaceSink(Keyspace keyspace) {
            this.keyspace = keyspace;
        }

        void database(int dbIndex, long keys) {
            finish();
            current = keyspace.loader(keyspace.database(dbIndex), keys);
        }

        @Override
        public boolean entry(int dbIndex, long dbId, byte[] key, Object value, long expireAt) {
            return current.add(key, value, expireAt);
        }

        /** The first {@code n} pending strings; how many were added before a duplicate (n: all). */
        int addStrings(PendingStrings strings, int n) {
            return current.addAll(strings.keys, strings.block, strings.offsets, strings.lengths, strings.expireAts, n);
        }

        void finish() {
            if (current != null) {
                current.finish();
                current = null;
            }
        }
    }

    /**
     * String entries read but not yet given to the database's loader, which takes them in batches; what
     * a single pass would have known at each (the body position after it, the expired keys counted up to
     * it) is kept, so that a duplicate among them is refused exactly where it was read.
     */
    private final class PendingStrings implements StringEnvelopes.Space {
        final byte[][] keys = new byte[PENDING][];
        final int[] offsets = new int[PENDING];
        final int[] lengths = new int[PENDING];
        final long[] expireAts = new long[PENDING];
        final long[] positions = new long[PENDING];
        final long[] expiredUpTo = new long[PENDING];
        /** The envelopes, one after the other. */
        byte[] block = new byte[PENDING * 256];
        int count;
        int used;

        /** Room after the pending envelopes, the pending strings given to the loader first when it runs short. */
        @Override
        public int reserve(int length) throws IOException {
            if (count == PENDING || used + length > block.length) {
                flushPending();
            }
            if (length > block.length) {
                block = new byte[Math.max(length, 2 * block.length)];
            }
            return used;
        }

        @Override
        public byte[] buffer() {
            return block;
        }

        /** Keeps the string whose envelope of {@code length} bytes was just assembled where {@link #reserve} said. */
        void add(byte[] key, int length, long expireAt, long position, long expired) {
            keys[count] = key;
            offsets[count] = used;
            lengths[count] = length;
            expireAts[count] = expireAt;
            positions[count] = position;
            expiredUpTo[count] = expired;
            used += length;
            count++;
        }
    }

    /** What a load did. {@code lost} is null unless salvage skipped a damaged part, which it describes. */
    public record Result(long keysLoaded, long keysExpired, String lost) {
    }

    /** Loads {@code in} (a whole file) into {@code keyspace}, which must be empty. */
    public static Result load(InputStream in, ValueCodec codec, Keyspace keyspace, boolean salvage)
            throws SnapshotException {
        return new SnapshotReader(codec, keyspace, keyspace.databaseCount(), keyspace.now(), new KeyspaceSink(keyspace),
                salvage)
                .read(new BufferedInputStream(in, 64 * 1024));
    }

    /**
     * Reads {@code in} (a whole file) as {@link #load} does, without salvage, handing every entry to
     * {@code sink} instead of a keyspace (tools that stream a snapshot: nothing is kept).
     */
    public static Result read(InputStream in, ValueCodec codec, int databaseCount, EntrySink sink)
            throws SnapshotException {
        return new SnapshotReader(codec, null, databaseCount, System.currentTimeMillis(), sink, false)
                .read(new BufferedInputStream(in, 64 * 1024));
    }

    /**
     * What the header of a snapshot says, read without any key: the data key versions the file needs
     * (tools check them before a version is destroyed) and how its stream is cut.
     */
    public record HeaderInfo(int formatVersion, int segmentSize, int streamKeyVersion, SortedSet<Integer> versions,
                             int length) {
    }

    /** Reads and checks (magic, version, CRC) only the header of {@code in}; nothing is opened. */
    public static HeaderInfo header(InputStream in) throws SnapshotException {
        Header header = readHeader(in);
        return new HeaderInfo(header.formatVersion, header.segmentSize, header.streamKeyVersion,
                Collections.unmodifiableSortedSet(new TreeSet<>(header.versions)), header.bytes.length);
    }

    private Result read(InputStream in) throws SnapshotException {
        Header header = readHeader(in);
        checkKeyVersions(header.versions);
        formatVersion = header.formatVersion;
        strings = new StringEnvelopes.Reader(header.versions.stream().mapToInt(Integer::intValue).toArray(), used);
        byte[] streamKey = openStreamKey(header);
        ReadAheadInputStream stream;
        try {
            stream = new ReadAheadInputStream(new SegmentedAeadReader(in, streamKey, header.bytes, header.segmentSize),
                    READ_AHEAD_CHUNK, READ_AHEAD_DEPTH);
        } finally {
            Arrays.fill(streamKey, (byte) 0);
        }
        BodyInput body = new BodyInput(stream);
        try (stream) {
            readBody(body, header);
            return new Result(loaded, expired, null);
        } catch (SnapshotException e) {
            if (!salvage || e.failure() == Failure.TOO_MANY_DATABASES) {
                throw e;
            }
            return new Result(loaded, expired, e.getMessage() + "; everything after byte "
                    + (failedAt >= 0 ? failedAt : body.position())
                    + " of the body was lost");
        } finally {
            if (loading != null) {
                loading.finish();
                assignIds();
            }
        }
    }

    /** The databases read get the ids they were sealed for; the others the smallest ids left free. */
    private void assignIds() {
        Set<Long> taken = new HashSet<>();
        for (long id : ids) {
            taken.add(id);
        }
        long next = 0;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0) {
                while (taken.contains(next)) {
                    next++;
                }
                ids[i] = next++;
            }
        }
        keyspace.assignDatabaseIds(ids);
    }

    private record Header(int formatVersion, byte[] bytes, int segmentSize, int streamKeyVersion, byte[] sealedKey,
                          TreeSet<Integer> versions) {
    }

    private static Header readHeader(InputStream in) throws SnapshotException {
        try {
            byte[] fixed = readHeaderBytes(in, FIXED_HEADER);
            if (!Arrays.equals(fixed, 0, SnapshotFormat.MAGIC.length, SnapshotFormat.MAGIC, 0,
                    SnapshotFormat.MAGIC.length)) {
                throw badHeader("not a SealedKV snapshot (wrong magic)");
            }
            ByteBuffer buffer = ByteBuffer.wrap(fixed);
            int format = buffer.getShort(8) & 0xFFFF;
            if (format < SnapshotFormat.OLDEST_FORMAT_VERSION || format > SnapshotFormat.FORMAT_VERSION) {
                throw new SnapshotException(Failure.UNKNOWN_FORMAT_VERSION, "unknown snapshot format version "
                        + format + " (this server reads versions " + SnapshotFormat.OLDEST_FORMAT_VERSION + " to "
                        + SnapshotFormat.FORMAT_VERSION + ")");
            }
            int flags = buffer.getShort(10) & 0xFFFF;
            int segmentSize = buffer.getInt(12);
            int streamKeyVersion = buffer.getInt(16);
            int sealedKeyLength = buffer.getShort(20) & 0xFFFF;
            if (sealedKeyLength < 1 || sealedKeyLength > SnapshotFormat.MAX_SEALED_KEY_LENGTH) {
                throw badHeader("sealed stream key length " + sealedKeyLength + " out of range");
            }
            byte[] sealedKey = readHeaderBytes(in, sealedKeyLength);
            int count = ByteBuffer.wrap(readHeaderBytes(in, 4)).getInt();
            if (count < 1 || count > SnapshotFormat.MAX_VERSIONS) {
                throw badHeader("key version count " + Integer.toUnsignedString(count) + " out of range");
            }
            byte[] versionBytes = readHeaderBytes(in, 4 * count);
            byte[] crcBytes = readHeaderBytes(in, 4);
            byte[] bytes = concat(fixed, sealedKey, ByteBuffer.allocate(4).putInt(count).array(), versionBytes,
                    crcBytes);
            CRC32C crc = new CRC32C();
            crc.update(bytes, 0, bytes.length - 4);
            if ((int) crc.getValue() != ByteBuffer.wrap(crcBytes).getInt()) {
                throw badHeader("header checksum mismatch");
            }
            if (flags != 0) {
                throw badHeader("reserved flags set");
            }
            if (segmentSize < SnapshotFormat.MIN_SEGMENT_SIZE || segmentSize > SnapshotFormat.MAX_SEGMENT_SIZE) {
                throw badHeader("segment size " + segmentSize + " out of range");
            }
            TreeSet<Integer> versions = new TreeSet<>();
            ByteBuffer list = ByteBuffer.wrap(versionBytes);
            int previous = Integer.MIN_VALUE;
            for (int i = 0; i < count; i++) {
                int version = list.getInt();
                if (i > 0 && Integer.compareUnsigned(version, previous) <= 0) {
                    throw badHeader("key versions not ascending");
                }
                versions.add(version);
                previous = version;
            }
            if (!versions.contains(streamKeyVersion)) {
                throw badHeader("the stream key's version is not among the versions listed");
            }
            return new Header(format, bytes, segmentSize, streamKeyVersion, sealedKey, versions);
        } catch (EOFException e) {
            throw badHeader("file ends inside the header");
        } catch (IOException e) {
            throw new SnapshotException(Failure.IO, "cannot read the snapshot: " + e.getMessage(), e);
        }
    }

    private static byte[] readHeaderBytes(InputStream in, int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length) {
            throw new EOFException();
        }
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    private static SnapshotException badHeader(String what) {
        return new SnapshotException(Failure.BAD_HEADER, "bad snapshot header: " + what);
    }

    private void checkKeyVersions(Set<Integer> versions) throws SnapshotException {
        for (int version : versions) {
            try {
                codec.tokens(version);
            } catch (UnknownKeyVersionException e) {
                throw new SnapshotException(Failure.MISSING_KEY_VERSION, "the snapshot needs data key version "
                        + version + ", which the keystore does not have", e);
            } catch (DestroyedKeyVersionException e) {
                throw new SnapshotException(Failure.DESTROYED_KEY_VERSION, "the snapshot needs data key version "
                        + version + ", which was destroyed: the values sealed under it cannot be read", e);
            }
        }
    }

    private byte[] openStreamKey(Header header) throws SnapshotException {
        try {
            if (codec.keyVersion(header.sealedKey) != header.streamKeyVersion) {
                throw badHeader("the sealed stream key names another key version than the header");
            }
            byte[] key = codec.open(SnapshotFormat.streamKeyContext(), header.sealedKey);
            if (key.length != SnapshotFormat.STREAM_KEY_LENGTH) {
                Arrays.fill(key, (byte) 0);
                throw badHeader("stream key of " + key.length + " bytes");
            }
            return key;
        } catch (SealingException e) {
            throw new SnapshotException(Failure.STREAM_KEY,
                    "bad snapshot header: the sealed stream key does not open (" + e.getMessage() + ")", e);
        }
    }

    private void readBody(BodyInput body, Header header) throws SnapshotException {
        try {
            try {
                readRecords(body, header);
            } catch (IOException | SnapshotException | RuntimeException e) {
                // The strings read before the failure are loaded, and a duplicate among them refused
                // first, as one entry at a time would have.
                try {
                    flushPending();
                } catch (BodyInput.MalformedBodyException duplicate) {
                    duplicate.addSuppressed(e);
                    throw duplicate;
                }
                throw e;
            }
        } catch (StreamAuthenticationException e) {
            throw new SnapshotException(Failure.AUTHENTICATION, "snapshot damaged: " + e.getMessage(), e);
        } catch (StreamTruncatedException e) {
            throw new SnapshotException(Failure.TRUNCATED, "snapshot damaged: " + e.getMessage(), e);
        } catch (StreamTrailingDataException e) {
            throw new SnapshotException(Failure.TRAILING_DATA, "snapshot damaged: " + e.getMessage(), e);
        } catch (SealingException e) {
            throw new SnapshotException(Failure.BAD_BODY, "snapshot damaged: " + e.getMessage(), e);
        } catch (EOFException e) {
            throw new SnapshotException(Failure.BAD_BODY, "snapshot damaged: the body ends before its end record", e);
        } catch (BodyInput.MalformedBodyException e) {
            throw new SnapshotException(Failure.BAD_BODY, "snapshot damaged: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new SnapshotException(Failure.IO, "cannot read the snapshot: " + e.getMessage(), e);
        }
    }

    private void readRecords(BodyInput body, Header header) throws IOException, SnapshotException {
        int lastIndex = -1;
        Set<Long> seenIds = new HashSet<>();
        long entries = 0;
        while (true) {
            flushPending();
            int record = body.readByte();
            if (record == SnapshotFormat.END) {
                readEnd(body, header, entries);
                return;
            }
            if (record != SnapshotFormat.DATABASE) {
                throw new BodyInput.MalformedBodyException("unexpected record type " + record);
            }
            long index = body.readVarint();
            long id = body.readLong();
            long count = body.readVarint();
            if (index <= lastIndex || index > Integer.MAX_VALUE) {
                throw new BodyInput.MalformedBodyException("database " + Long.toUnsignedString(index) + " out of order");
            }
            if (index >= databaseCount) {
                throw new SnapshotException(Failure.TOO_MANY_DATABASES, "the snapshot holds database " + index
                        + " but the server is configured with " + databaseCount + " databases");
            }
            if (id < 0 || !seenIds.add(id)) {
                throw new BodyInput.MalformedBodyException("database " + index + " has a bad or repeated id");
            }
            lastIndex = (int) index;
            pendingDb = lastIndex;
            ids[lastIndex] = id;
            if (loading != null) {
                loading.database(lastIndex, count);
            }
            for (long i = 0; i < count; i++) {
                readEntry(body, lastIndex, id);
                entries++;
            }
        }
    }

    private void readEnd(BodyInput body, Header header, long entries) throws IOException {
        long total = body.readVarint();
        if (total != entries) {
            throw new BodyInput.MalformedBodyException("end record counts " + total + " keys, the body holds " + entries);
        }
        int count = body.readLength(SnapshotFormat.MAX_VERSIONS, "version list");
        TreeSet<Integer> listed = new TreeSet<>();
        for (int i = 0; i < count; i++) {
            listed.add((int) body.readVarint());
        }
        TreeSet<Integer> needed = new TreeSet<>(used);
        needed.add(header.streamKeyVersion);
        if (!listed.equals(header.versions) || !needed.equals(header.versions)) {
            throw new BodyInput.MalformedBodyException("the key versions of the body differ from the header's");
        }
        if (body.readByteOrEnd() >= 0) {
            throw new BodyInput.MalformedBodyException("data after the end record");
        }
    }

    private void readEntry(BodyInput body, int dbIndex, long dbId) throws IOException {
        int head = body.readByte();
        boolean expires;
        long expireAt;
        ValueType type;
        if (formatVersion == 1) {
            type = type(head);
            int flags = body.readByte();
            if ((flags & ~SnapshotFormat.FLAG_EXPIRY) != 0) {
                throw new BodyInput.MalformedBodyException("reserved entry flags set");
            }
            expires = (flags & SnapshotFormat.FLAG_EXPIRY) != 0;
            expireAt = expires ? body.readLong() : -1;
        } else {
            if ((head & ~(SnapshotFormat.HEAD_TYPE | SnapshotFormat.HEAD_EXPIRY)) != 0) {
                throw new BodyInput.MalformedBodyException("reserved entry head bits set");
            }
            type = type(head & SnapshotFormat.HEAD_TYPE);
            expires = (head & SnapshotFormat.HEAD_EXPIRY) != 0;
            expireAt = expires ? body.readVarint() : -1;
            if (expires && expireAt < 0) {
                throw new BodyInput.MalformedBodyException("expire-at out of range");
            }
        }
        byte[] key = body.readBytes(body.readLength(MAX_KEY_LENGTH, "key"));
        Object value;
        if (type != ValueType.STRING) {
            value = collection(type, body.readBytes(body.readLength(MAX_VALUE_LENGTH, "value")));
        } else if (formatVersion == 1) {
            value = string(body.readBytes(body.readLength(MAX_VALUE_LENGTH, "value")));
        } else if (loading != null) {
            // Null: the envelope waits among the pending strings, for the loader to copy where it keeps it.
            value = strings.readInPlace(body, pending);
        } else {
            value = strings.read(body);
        }
        if (expires && expireAt <= now) {
            expired++;
            return;
        }
        if (value == null) {
            pending.add(key, strings.envelopeLength(), expireAt, body.position(), expired);
            return;
        }
        flushPending();
        if (!sink.entry(dbIndex, dbId, key, value, expireAt)) {
            throw new BodyInput.MalformedBodyException("duplicate key in database " + dbIndex);
        }
        loaded++;
    }

    /**
     * Gives the pending strings to the database's loader. A duplicate among them is refused as it would
     * have been when read: the keys before it are loaded, and the expired count and the salvage report's
     * position are those of that moment.
     */
    private void flushPending() throws BodyInput.MalformedBodyException {
        int n = pending.count;
        if (n == 0) {
            return;
        }
        pending.count = 0;
        pending.used = 0;
        int added = loading.addStrings(pending, n);
        loaded += added;
        if (added < n) {
            failedAt = pending.positions[added];
            expired = pending.expiredUpTo[added];
            throw new BodyInput.MalformedBodyException("duplicate key in database " + pendingDb);
        }
    }

    private static ValueType type(int typeByte) throws BodyInput.MalformedBodyException {
        ValueType type = SnapshotFormat.type(typeByte);
        if (type == null) {
            throw new BodyInput.MalformedBodyException("unknown type byte " + typeByte);
        }
        return type;
    }

    /** A version 1 string value: the envelope as it was saved. */
    private byte[] string(byte[] sealed) throws IOException {
        try {
            int version = codec.keyVersion(sealed);
            if (version != lastVersion) {
                used.add(version);
                lastVersion = version;
            }
        } catch (SealingException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new BodyInput.MalformedBodyException("a string value is not a sealed envelope");
        }
        return sealed;
    }

    private CollectionValue collection(ValueType type, byte[] payload) throws IOException {
        ByteArrayInputStream bytes = new ByteArrayInputStream(payload);
        CollectionValue value;
        try {
            value = CollectionReaders.read(type, new DataInputStream(bytes));
            Snapshot.census(value, codec, used);
        } catch (IOException | RuntimeException e) {
            throw new BodyInput.MalformedBodyException("a " + type.redisName() + " payload does not read: "
                    + e.getMessage());
        }
        if (bytes.available() != 0) {
            throw new BodyInput.MalformedBodyException("a " + type.redisName() + " payload has trailing bytes");
        }
        return value;
    }
}
