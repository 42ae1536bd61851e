package io.sealedkv.codec.v1;

import io.sealedkv.codec.CodecOptions;
import io.sealedkv.codec.MalformedEnvelopeException;
import io.sealedkv.codec.SealContext;
import io.sealedkv.codec.UnsupportedEnvelopeVersionException;
import io.sealedkv.crypto.Aead;
import io.sealedkv.crypto.KeyRing;
import io.sealedkv.crypto.SealingKey;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * Envelope format version 1: the byte-level specification of a sealed value, and its only reader and
 * writer. A released format is never edited; a new format gets a new package and this one stays
 * readable (the golden files under {@code src/test/resources/golden/v1/} hold it to that).
 *
 * <h2>Layout</h2>
 * <pre>
 * offset   length  field
 * 0        1       format version: 0x01
 * 1        1       flags: bit 0 set = the payload is LZF-compressed; bits 1..7 must be 0
 * 2        4       data key version, unsigned 32-bit big-endian
 * 6        12      nonce, 96 bits
 * 18       n       AES-256-GCM ciphertext of the payload (n = payload length, n &ge; 0)
 * 18 + n   16      GCM authentication tag (128 bits)
 * </pre>
 * The envelope is {@value #OVERHEAD} bytes longer than its payload.
 *
 * <h2>Payload</h2>
 * With flag bit 0 clear the payload is the plaintext. With it set the payload is the plaintext in
 * the LZF block format of com.ning:compress-lzf (one or more chunks, each starting with "ZV", at most
 * 65535 plaintext bytes per chunk). The writer tries LZF only when compression is on and the plaintext
 * has at least {@link CodecOptions#compressMinBytes()} bytes, and keeps it only when strictly shorter.
 *
 * <h2>Associated data</h2>
 * Rebuilt by the reader, never stored:
 * <pre>
 * envelope bytes 0..5 (version, flags, key version) || database (signed 64-bit big-endian) || key name
 * </pre>
 * Every part but the last has a fixed length, so two different contexts never give the same
 * associated data; changing the version, a flag, the key version, the database or the key name makes
 * the tag fail.
 *
 * <h2>Nonce</h2>
 * Taken from the data key's {@link io.sealedkv.crypto.NonceSequence} (NIST SP 800-38D §8.2.1: 32
 * random bits per reserved block, then a 64-bit counter), so it never repeats under one key. The
 * reader treats it as opaque.
 *
 * <h2>Reading</h2>
 * In this order, each failure a {@link io.sealedkv.crypto.SealingException}:
 * <ol>
 * <li>empty input: {@link MalformedEnvelopeException};</li>
 * <li>byte 0 is not 0x01: {@link UnsupportedEnvelopeVersionException};</li>
 * <li>fewer than {@value #OVERHEAD} bytes, or a flag bit other than bit 0:
 *     {@link MalformedEnvelopeException};</li>
 * <li>key version unknown or destroyed: the key ring's
 *     {@link io.sealedkv.crypto.UnknownKeyVersionException} or
 *     {@link io.sealedkv.crypto.DestroyedKeyVersionException};</li>
 * <li>tag does not verify: {@link io.sealedkv.crypto.AuthenticationFailedException};</li>
 * <li>LZF payload that would expand beyond {@link CodecOptions#maxValueBytes()} (checked before
 *     allocating), or that does not decode to exactly its declared size:
 *     {@link MalformedEnvelopeException}.</li>
 * </ol>
 *
 * <h2>Fields</h2>
 * {@link #split} and {@link #assemble} (or {@link #assembleInPlace}) let a storage format keep an
 * envelope in pieces (the snapshot file stores the header fields once per group of values) and rebuild
 * it byte for byte, without opening it and without knowing the layout above. Neither verifies the tag:
 * an assembled envelope is verified by {@link #open} like any other, so a wrong field makes it fail
 * authentication there.
 */
public final class EnvelopeV1 {
    public static final int FORMAT_VERSION = 0x01;
    public static final int FLAG_LZF = 0x01;
    public static final int HEADER_LENGTH = 18;
    public static final int OVERHEAD = HEADER_LENGTH + Aead.TAG_LENGTH;

    /** The longest sealed payload {@link #assemble} takes: the envelope must fit in an array. */
    private static final int MAX_SEALED_PAYLOAD = Integer.MAX_VALUE - 8 - HEADER_LENGTH;
    private static final int KEY_VERSION_OFFSET = 2;
    private static final int NONCE_OFFSET = 6;
    private static final int CONTEXT_OFFSET = NONCE_OFFSET;
    private static final int KEY_NAME_OFFSET = CONTEXT_OFFSET + Long.BYTES;

    private final CodecOptions options;

    public EnvelopeV1(CodecOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Seals {@code plaintext} for {@code context} under {@code key}, compressing it when that pays.
     *
     * @throws IllegalArgumentException if {@code plaintext} is longer than {@link CodecOptions#maxValueBytes()}
     */
    public byte[] seal(SealingKey key, SealContext context, byte[] plaintext) {
        int length = plaintext.length;
        if (length > options.maxValueBytes()) {
            throw new IllegalArgumentException("value of " + length
                    + " bytes is larger than the limit of " + options.maxValueBytes() + " bytes");
        }
        if (options.triesCompression(length)) {
            Lzf lzf = Lzf.forCurrentThread();
            byte[] workspace = lzf.workspace(length);
            int compressed = lzf.compress(plaintext, workspace);
            try {
                if (compressed < length) {
                    return write(key, context, FLAG_LZF, workspace, compressed);
                }
            } finally {
                Lzf.wipe(workspace, length);
            }
        }
        return write(key, context, 0, plaintext, length);
    }

    /** Verifies and opens {@code sealed} with the key version it names; see the class comment for failures. */
    public byte[] open(KeyRing keys, SealContext context, byte[] sealed) {
        checkHeader(sealed);
        // From here on the header is read from this private copy, which is exactly what the tag verifies.
        byte[] associatedData = associatedData(sealed, context);
        Aead aead = keys.forVersion(readInt(associatedData, KEY_VERSION_OFFSET));
        byte[] payload = aead.open(sealed, NONCE_OFFSET, associatedData,
                sealed, HEADER_LENGTH, sealed.length - HEADER_LENGTH);
        if ((associatedData[1] & FLAG_LZF) == 0) {
            return payload;
        }
        try {
            return Lzf.decompress(payload, options.maxValueBytes());
        } finally {
            // The compressed form keeps literal runs of the plaintext.
            Arrays.fill(payload, (byte) 0);
        }
    }

    /** The data key version {@code sealed} names, after checking its header; the value is not opened. */
    public static int keyVersion(byte[] sealed) {
        checkHeader(sealed);
        return readInt(sealed, KEY_VERSION_OFFSET);
    }

    /**
     * The data key version and nonce of {@code sealed}, after checking its header: no two sealings share them (a
     * nonce is never reused under a key), so they name this sealing in 16 bytes, whatever the value's length.
     */
    public static byte[] sealingId(byte[] sealed) {
        checkHeader(sealed);
        return Arrays.copyOfRange(sealed, KEY_VERSION_OFFSET, HEADER_LENGTH);
    }

    /**
     * As {@link #keyVersion(byte[])}, for an envelope of {@code length} bytes kept at {@code offset} of
     * {@code buffer} (read with absolute gets, whatever the buffer's position and byte order), so a
     * store that keeps envelopes outside arrays need not copy one out to learn its version.
     */
    public static int keyVersion(ByteBuffer buffer, int offset, int length) {
        checkHeader(length, length == 0 ? 0 : buffer.get(offset) & 0xFF, length < 2 ? 0 : buffer.get(offset + 1) & 0xFF);
        int at = offset + KEY_VERSION_OFFSET;
        return (buffer.get(at) & 0xFF) << 24 | (buffer.get(at + 1) & 0xFF) << 16
                | (buffer.get(at + 2) & 0xFF) << 8 | buffer.get(at + 3) & 0xFF;
    }

    /**
     * The fields of a version 1 envelope, as {@link #split} reads them and {@link #assemble} writes them.
     * The nonce is given as its first 32 and last 64 bits, big-endian (for nonces of a
     * {@link io.sealedkv.crypto.NonceSequence}, its fixed field and its counter; any 96 bits split this
     * way). The sealed payload (ciphertext and tag, at least {@value Aead#TAG_LENGTH} bytes) is not
     * copied: {@code sealedPayloadOffset} and {@code sealedPayloadLength} locate it in an array (the one
     * split, or the one handed to {@link #assemble}).
     */
    public record Fields(int formatVersion, int flags, int keyVersion, int nonceFixed, long nonceCounter,
                         int sealedPayloadOffset, int sealedPayloadLength) {
    }

    /**
     * The fields of {@code sealed}, after the header checks {@link #open} starts with (the same
     * {@link MalformedEnvelopeException} or {@link UnsupportedEnvelopeVersionException} for a value
     * that is empty, of another version, too short or with undefined flags); nothing is opened.
     */
    public static Fields split(byte[] sealed) {
        checkHeader(sealed);
        return new Fields(FORMAT_VERSION, sealed[1] & 0xFF, readInt(sealed, KEY_VERSION_OFFSET),
                readInt(sealed, NONCE_OFFSET), readLong(sealed, NONCE_OFFSET + Integer.BYTES),
                HEADER_LENGTH, sealed.length - HEADER_LENGTH);
    }

    /**
     * The envelope whose fields are {@code fields}, with the sealed payload taken from {@code source}:
     * for {@code fields} split from {@code sealed}, {@code assemble(fields, sealed)} equals
     * {@code sealed}. Nothing is verified but the form; {@link #open} verifies the rest.
     *
     * @throws UnsupportedEnvelopeVersionException if the format version is not 1
     * @throws MalformedEnvelopeException if a flag bit other than bit 0 is set, the sealed payload is
     *         shorter than the tag or the envelope would exceed the largest array
     * @throws IllegalArgumentException if the sealed payload's offset and length lie outside {@code source}
     */
    public static byte[] assemble(Fields fields, byte[] source) {
        checkFields(fields, source);
        byte[] envelope = new byte[HEADER_LENGTH + fields.sealedPayloadLength()];
        writeHeader(fields, envelope, 0);
        System.arraycopy(source, fields.sealedPayloadOffset(), envelope, HEADER_LENGTH, fields.sealedPayloadLength());
        return envelope;
    }

    /**
     * {@link #assemble} without a new array: the sealed payload is already in {@code buffer} at
     * {@code fields.sealedPayloadOffset()}, and the header is written in the {@value #HEADER_LENGTH}
     * bytes in front of it, so the envelope {@code assemble(fields, buffer)} would return then stands in
     * {@code buffer} from {@code sealedPayloadOffset() - HEADER_LENGTH}. Same checks and exceptions,
     * and an {@link IllegalArgumentException} when the payload has no room for the header before it.
     */
    public static void assembleInPlace(Fields fields, byte[] buffer) {
        int start = fields.sealedPayloadOffset() - HEADER_LENGTH;
        if (start < 0) {
            throw new IllegalArgumentException("sealed payload at offset " + fields.sealedPayloadOffset()
                    + "; assembling in place needs the " + HEADER_LENGTH + " bytes before it");
        }
        checkFields(fields, buffer);
        writeHeader(fields, buffer, start);
    }

    private static void checkFields(Fields fields, byte[] source) {
        if (fields.formatVersion() != FORMAT_VERSION) {
            throw new UnsupportedEnvelopeVersionException(fields.formatVersion(), FORMAT_VERSION);
        }
        checkFlags(fields.flags());
        int length = fields.sealedPayloadLength();
        if (length < Aead.TAG_LENGTH || length > MAX_SEALED_PAYLOAD) {
            throw new MalformedEnvelopeException("sealed payload of " + length + " bytes; a version 1 envelope has "
                    + Aead.TAG_LENGTH + " (the tag) to " + MAX_SEALED_PAYLOAD);
        }
        int offset = fields.sealedPayloadOffset();
        if (offset < 0 || offset > source.length - length) {
            throw new IllegalArgumentException("sealed payload of " + length + " bytes at offset " + offset
                    + " lies outside an array of " + source.length);
        }
    }

    private static void writeHeader(Fields fields, byte[] buffer, int start) {
        buffer[start] = FORMAT_VERSION;
        buffer[start + 1] = (byte) fields.flags();
        writeInt(buffer, start + KEY_VERSION_OFFSET, fields.keyVersion());
        writeInt(buffer, start + NONCE_OFFSET, fields.nonceFixed());
        writeLong(buffer, start + NONCE_OFFSET + Integer.BYTES, fields.nonceCounter());
    }

    private static byte[] write(SealingKey key, SealContext context, int flags, byte[] payload, int length) {
        byte[] envelope = new byte[OVERHEAD + length];
        envelope[0] = FORMAT_VERSION;
        envelope[1] = (byte) flags;
        writeInt(envelope, KEY_VERSION_OFFSET, key.version());
        key.nonces().next(envelope, NONCE_OFFSET);
        key.aead().seal(envelope, NONCE_OFFSET, associatedData(envelope, context),
                payload, 0, length, envelope, HEADER_LENGTH);
        return envelope;
    }

    private static void checkHeader(byte[] sealed) {
        checkHeader(sealed.length, sealed.length == 0 ? 0 : sealed[0] & 0xFF, sealed.length < 2 ? 0 : sealed[1] & 0xFF);
    }

    private static void checkHeader(int length, int version, int flags) {
        if (length == 0) {
            throw new MalformedEnvelopeException("sealed value is empty");
        }
        if (version != FORMAT_VERSION) {
            throw new UnsupportedEnvelopeVersionException(version, FORMAT_VERSION);
        }
        if (length < OVERHEAD) {
            throw new MalformedEnvelopeException("sealed value is " + length
                    + " bytes long; a version 1 envelope has at least " + OVERHEAD);
        }
        checkFlags(flags);
    }

    private static void checkFlags(int flags) {
        int unknownFlags = flags & ~FLAG_LZF;
        if (unknownFlags != 0) {
            throw new MalformedEnvelopeException(String.format(
                    "sealed value sets flag bits 0x%02x that version 1 does not define", unknownFlags));
        }
    }

    private static byte[] associatedData(byte[] envelope, SealContext context) {
        byte[] key = context.key();
        byte[] associatedData = new byte[KEY_NAME_OFFSET + key.length];
        System.arraycopy(envelope, 0, associatedData, 0, CONTEXT_OFFSET);
        writeLong(associatedData, CONTEXT_OFFSET, context.database());
        System.arraycopy(key, 0, associatedData, KEY_NAME_OFFSET, key.length);
        return associatedData;
    }

    private static int readInt(byte[] bytes, int offset) {
        return (bytes[offset] & 0xFF) << 24 | (bytes[offset + 1] & 0xFF) << 16
                | (bytes[offset + 2] & 0xFF) << 8 | bytes[offset + 3] & 0xFF;
    }

    private static long readLong(byte[] bytes, int offset) {
        return (long) readInt(bytes, offset) << 32 | readInt(bytes, offset + Integer.BYTES) & 0xFFFFFFFFL;
    }

    private static void writeInt(byte[] bytes, int offset, int value) {
        bytes[offset] = (byte) (value >>> 24);
        bytes[offset + 1] = (byte) (value >>> 16);
        bytes[offset + 2] = (byte) (value >>> 8);
        bytes[offset + 3] = (byte) value;
    }

    private static void writeLong(byte[] bytes, int offset, long value) {
        writeInt(bytes, offset, (int) (value >>> 32));
        writeInt(bytes, offset + Integer.BYTES, (int) value);
    }
}
