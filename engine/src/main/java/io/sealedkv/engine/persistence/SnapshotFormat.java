package io.sealedkv.engine.persistence;

import io.sealedkv.codec.SealContext;
import io.sealedkv.engine.keyspace.ValueType;
import java.nio.charset.StandardCharsets;

/**
 * Snapshot file formats ({@code dbfilename}, default {@code dump.sealed}, in {@code dir}): the byte-level
 * specification of versions 1, 2 and 3. {@link SnapshotWriter} writes version {@value #FORMAT_VERSION};
 * {@link SnapshotReader} is the one reader of all three. A released version is never edited: a new one
 * gets a new number here and the old ones stay readable (golden files under
 * {@code engine/src/test/resources/golden/snapshot/} hold the reader to that). The versions share the
 * file, header and stream; they differ in the body's entries only.
 *
 * <h2>File</h2>
 * <pre>
 * file   = header || stream
 * </pre>
 *
 * <h2>Header (in clear, all integers big-endian)</h2>
 * <pre>
 * offset     length  field
 * 0          8       magic: ASCII "SEALEDKV"
 * 8          2       format version: 1, 2 or 3
 * 10         2       flags: 0 (every bit reserved)
 * 12         4       segment size S of the stream, 4096 .. 16777216
 * 16         4       data key version that sealed the stream key
 * 20         2       length L of the sealed stream key, 1 .. 1024
 * 22         L       sealed stream key (see below)
 * 22+L       4       count V of data key versions the file needs, 1 .. 65536
 * 26+L       4V      those versions, ascending, each once
 * 26+L+4V    4       CRC-32C of every header byte before it
 * </pre>
 * The header names every data key version the file needs (the stream key's, every string value's
 * envelope version, and for every collection the versions of its sealed arrays and its token version),
 * so a reader can tell a missing or destroyed key from a damaged file before reading the body. The CRC
 * tells accidental damage of the header from a header that is whole; it protects nothing against an
 * attacker, the stream does.
 *
 * <h2>Stream</h2>
 * A fresh random 32-byte stream key is drawn for every file and sealed with the value codec (envelope
 * v1, under the primary data key) for the context database {@value #STREAM_KEY_DATABASE}, name
 * {@code "sealedkv snapshot stream key"}. The body is encrypted and authenticated with that key as a
 * segmented AEAD stream ({@link io.sealedkv.crypto.stream.SegmentLayout}, segment size S) whose associated
 * data is the whole header: a changed header, a changed/reordered/removed/spliced segment, a cut
 * or appended bytes all fail.
 *
 * <h2>Body of version 1 (the stream's plaintext)</h2>
 * <pre>
 * body     = database* end
 * database = 0xFE || index (varint) || id (8 bytes, signed) || key count (varint) || entry * key count
 * entry    = type (1 byte) || flags (1 byte) || [expire-at (8 bytes, signed, Unix ms) if flags bit 0]
 *            || key length (varint) || key || value length (varint) || value
 * end      = 0xFF || total key count (varint) || V (varint) || the V versions of the header (varint each)
 * </pre>
 * Varints are unsigned LEB128 (7 bits per byte, low first, at most 10 bytes). Nothing may follow
 * {@code end}. Databases appear in ascending index order, each at most once; a key appears at most once
 * per database. Flags bits 1..7 are 0. {@code id} is the identity the database's values are sealed for
 * (it moves with SWAPDB): the loader gives the database that identity again, so nothing is resealed.
 *
 * <p>Type bytes (never reused): {@value #TYPE_STRING} string, {@value #TYPE_LIST} list, {@value #TYPE_SET}
 * set, {@value #TYPE_ZSET} sorted set, {@value #TYPE_HASH} hash. A string's value is its sealed
 * envelope exactly as held in memory (bound to the database id and the key name). A collection's value
 * is what {@link io.sealedkv.engine.keyspace.CollectionValue#writePayload} writes (its identity, sealed
 * blocks and tokens), read back by {@link io.sealedkv.engine.keyspace.CollectionReaders#read}, which must
 * consume it exactly. No plaintext value is ever written; key names are written only inside the stream.
 *
 * <h2>Body of version 2</h2>
 * As version 1 but for the entries, which store a string's envelope in pieces, so that the fields
 * many values share are written once: 133 instead of 149 bytes for a 10-byte key and a 100-byte value.
 * <pre>
 * body     = database* end                                                  (as version 1)
 * database = 0xFE || index (varint) || id (8 bytes, signed) || key count (varint) || entry * key count
 * entry    = head (1 byte) || [expire-at (varint, Unix ms, &lt; 2^63) if head bit 4]
 *            || key length (varint) || key || value
 * head     = type byte (bits 0..3) | 0x10 if the key has an expiry; bits 5..7 are 0
 * value    = for a string: sealed string; for a collection: payload length (varint) || payload
 * sealed string = group number g (varint)
 *                 || [group definition, if g = G, the number of groups defined before in the file]
 *                 || [counter delta (zigzag varint), if g &lt; G]
 *                 || sealed payload length (varint, &ge; 16) || sealed payload (ciphertext and tag)
 * group definition = envelope format version (1 byte) || envelope flags (1 byte)
 *                    || key version index (varint, &lt; V: the position in the header's version list)
 *                    || nonce fixed field (4 bytes) || nonce counter (8 bytes, big-endian)
 * end      = 0xFF || total key count (varint) || V (varint) || the V versions of the header (varint each)
 * </pre>
 * Groups are numbered 0, 1, ... in the order they are defined, across databases. A group is one
 * combination of envelope format version, flags, key version and nonce fixed field (the first 32 bits
 * of the nonce: one per block of counters a data key reserves); the value that defines a group takes
 * its fields from the definition, a later value of the group takes them from the group and its counter
 * (the last 64 bits of the nonce) as the previous counter of the group plus the delta (64-bit
 * two's-complement difference; zigzag: {@code (d << 1) ^ (d >> 63)}, unsigned LEB128). The envelope is
 * rebuilt from these fields and the sealed payload by the codec ({@code EnvelopeV1.assemble}), byte for
 * byte the envelope that was saved; nothing is opened. A group number above G, a key version index not
 * below V, or fields the codec refuses (an unknown envelope format version or flag, a sealed payload
 * shorter than the tag) make a body that does not parse. Collections are written as in version 1.
 *
 * <h2>Body of version 3</h2>
 * As version 2; a list's payload may hold <em>sliced nodes</em> (segment tag 2: a node's sealed block of
 * which only a range of elements is still in the list, left by a run of pops whose re-seal had not
 * happened yet). The list payload ({@link io.sealedkv.engine.types.list.SealedList#writePayload}, integers
 * big-endian, lengths 1 .. 2^31 - 17):
 * <pre>
 * list    = collection id (8, negative) || token version (4) || segment count n (4, &ge; 1) || segment * n
 * segment = 0 || sealed length (4) || a single element, sealed
 *         | 1 || element count c (4, &ge; 2) || plain bytes p (4, &ge; c) || sealed length (4) || block of c
 *         | 2 || element count c (4, &ge; 1) || plain bytes p (4) || first f (4, &ge; 0)
 *             || block count b (4, &ge; 2, c &lt; b, f + c &le; b, p &ge; b) || sealed length (4) || block of b,
 *                of which elements f .. f + c - 1 are in the list
 * </pre>
 * Builds before commit 37721b7 do not know tag 2, hence the new number: they refuse the file as a newer
 * version rather than as a damaged body. The builds from 37721b7 to the one that introduced version 3
 * wrote such payloads into files marked version 2, so this reader accepts the tag in every version.
 *
 * <h2>Reading</h2>
 * In this order, each failure a {@link SnapshotException} naming it: bad header (magic, length, CRC,
 * reserved bits, inconsistent stream key version); unknown format version; each needed key version
 * missing from or destroyed in the keystore; the stream key does not open; the stream's errors
 * (authentication failure at segment N, truncation after segment N, trailing data); a body that does
 * not parse or whose versions differ from the header's.
 */
public final class SnapshotFormat {
    public static final byte[] MAGIC = "SEALEDKV".getBytes(StandardCharsets.US_ASCII);
    /** The version this server writes. */
    public static final int FORMAT_VERSION = 3;
    /** The oldest version this server reads. */
    public static final int OLDEST_FORMAT_VERSION = 1;
    public static final int MIN_SEGMENT_SIZE = 4096;
    public static final int MAX_SEGMENT_SIZE = 16 * 1024 * 1024;
    /**
     * The segment size this server writes; a reader takes it from the header, so files cut otherwise
     * (256 KiB in files of earlier versions) stay readable. One AES-GCM call per 8 KiB gives the JIT enough calls to
     * compile the callers of the AES and GHASH intrinsics early in a load: with 256 KiB a freshly started
     * server decrypted at ~60 MB/s (2.6 s of CPU for 145 MB), with 8 KiB ~0.75 s. It costs 16 bytes per
     * segment (0.2 %).
     */
    public static final int SEGMENT_SIZE = 8 * 1024;
    public static final int MAX_SEALED_KEY_LENGTH = 1024;
    public static final int MAX_VERSIONS = 65536;
    public static final long STREAM_KEY_DATABASE = Long.MIN_VALUE;
    public static final int STREAM_KEY_LENGTH = 32;

    static final int DATABASE = 0xFE;
    static final int END = 0xFF;
    /** Version 1: the entry flags byte's expiry bit. */
    static final int FLAG_EXPIRY = 0x01;
    /** Version 2: the entry head's type bits and expiry bit. */
    static final int HEAD_TYPE = 0x0F;
    static final int HEAD_EXPIRY = 0x10;

    static final int TYPE_STRING = 0;
    static final int TYPE_LIST = 1;
    static final int TYPE_SET = 2;
    static final int TYPE_ZSET = 3;
    static final int TYPE_HASH = 4;

    private static final byte[] STREAM_KEY_NAME = "sealedkv snapshot stream key".getBytes(StandardCharsets.US_ASCII);

    private SnapshotFormat() {
    }

    static SealContext streamKeyContext() {
        return SealContext.of(STREAM_KEY_DATABASE, STREAM_KEY_NAME);
    }

    static int typeByte(ValueType type) {
        return switch (type) {
            case STRING -> TYPE_STRING;
            case LIST -> TYPE_LIST;
            case SET -> TYPE_SET;
            case ZSET -> TYPE_ZSET;
            case HASH -> TYPE_HASH;
        };
    }

    /** The type of a type byte, or null for an unknown one. */
    static ValueType type(int typeByte) {
        return switch (typeByte) {
            case TYPE_STRING -> ValueType.STRING;
            case TYPE_LIST -> ValueType.LIST;
            case TYPE_SET -> ValueType.SET;
            case TYPE_ZSET -> ValueType.ZSET;
            case TYPE_HASH -> ValueType.HASH;
            default -> null;
        };
    }
}
