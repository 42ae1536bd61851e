package io.sealedkv.engine.persistence;

import io.sealedkv.codec.SealContext;
import io.sealedkv.codec.ValueCodec;
import io.sealedkv.crypto.SealingException;
import io.sealedkv.engine.keyspace.CollectionReaders;
import io.sealedkv.engine.keyspace.CollectionValue;
import io.sealedkv.engine.keyspace.ValueType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * DUMP payload format versions 1 to 3, the byte-level specification, and its one writer and reader
 * (DUMP, RESTORE; later MIGRATE). A released version is never edited. The writer writes version 3.
 *
 * <pre>
 * payload    = "SKVD" || version (1 byte: 0x01, 0x02 or 0x03) || envelope
 * envelope   = the value codec's sealed envelope (v1, primary data key) of body, for the context
 *              database {@value #CONTEXT_DATABASE}, name "sealedkv dump payload" (versions 1 and 2)
 *              or "sealedkv dump payload v" || the version in decimal (version 3 on)
 * body       = type (1 byte, {@link SnapshotFormat}'s type bytes) || value
 * value      = for a string: database id (8 bytes, signed big-endian) || key length (varint) || key
 *                            || the sealed envelope exactly as held, bound to that database id and key
 *              for a collection: what {@link CollectionValue#writePayload} writes (sealed blocks, tokens)
 * </pre>
 * The envelope authenticates the type, the value and its framing, so a payload changed anywhere does
 * not open and RESTORE answers {@code -ERR DUMP payload version or checksum are wrong}, as Redis does
 * for a bad CRC; the 5 bytes in front are compared exactly, and from version 3 on the context name binds
 * the version byte too: a payload whose version is changed does not open. Nothing in a payload is in clear but the
 * prefix and the envelope's header (format, flags, key version, nonce). A payload opens only on a
 * server whose keystore holds its data key version (so MIGRATE between servers needs a shared
 * keystore). Restoring a string reseals it for the target key and database; restoring a collection
 * copies it to a fresh identity, as COPY does.
 *
 * <p>Version 2 is version 1 whose list payloads may hold sliced nodes (segment tag 2 of
 * {@link io.sealedkv.engine.types.list.SealedList#writePayload}, as in snapshot format 3), so a build that
 * reads only version 1 refuses such a payload as of another version. Builds from commit 37721b7 until the
 * number wrote them as version 1, so this reader accepts the tag in both. Version 3 is version 2 sealed
 * under a context name that holds its version (versions 1 and 2 left the byte unauthenticated).
 */
public final class DumpPayload {
    public static final long CONTEXT_DATABASE = Long.MIN_VALUE + 1;
    private static final byte[] MAGIC = {'S', 'K', 'V', 'D'};
    /** The version this server writes. */
    private static final byte VERSION = 0x03;
    /** The first version whose context name holds it. */
    private static final byte FIRST_NAMED_VERSION = 0x03;
    /** The oldest version this server reads. */
    private static final byte OLDEST_VERSION = 0x01;
    private static final int PREFIX_LENGTH = MAGIC.length + 1;
    private static final String CONTEXT_NAME = "sealedkv dump payload";
    private static final int MAX_KEY_LENGTH = 512 * 1024 * 1024;

    private DumpPayload() {
    }

    /** A payload that does not open (version or authentication); RESTORE's "checksum" error. */
    public static final class UnverifiedException extends Exception {
        private static final long serialVersionUID = 1L;

        UnverifiedException(String message) {
            super(message, null, false, false);
        }
    }

    /** A payload that opens but whose body does not parse; RESTORE's "Bad data format". */
    public static final class BadFormatException extends Exception {
        private static final long serialVersionUID = 1L;

        BadFormatException(String message) {
            super(message, null, false, false);
        }
    }

    /** What a payload holds: a string sealed for {@code (databaseId, key)}, or a collection. */
    public record Content(ValueType type, long databaseId, byte[] key, byte[] sealedString, CollectionValue collection) {
    }

    /** The payload of a string sealed for {@code databaseId} and {@code key}. */
    public static byte[] ofString(ValueCodec codec, long databaseId, byte[] key, byte[] sealed) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(sealed.length + key.length + 20);
        body.write(SnapshotFormat.TYPE_STRING);
        for (int shift = 56; shift >= 0; shift -= 8) {
            body.write((int) (databaseId >>> shift));
        }
        writeVarint(body, key.length);
        body.writeBytes(key);
        body.writeBytes(sealed);
        return seal(codec, body.toByteArray());
    }

    /** The payload of a collection serialized by {@link CollectionValue#writePayload}. */
    public static byte[] ofCollection(ValueCodec codec, ValueType type, byte[] collectionPayload) {
        byte[] body = new byte[collectionPayload.length + 1];
        body[0] = (byte) SnapshotFormat.typeByte(type);
        System.arraycopy(collectionPayload, 0, body, 1, collectionPayload.length);
        return seal(codec, body);
    }

    /** Seals a body as a payload (tests seal arbitrary bodies with it). */
    static byte[] seal(ValueCodec codec, byte[] body) {
        byte[] envelope = codec.seal(context(VERSION), body);
        byte[] payload = Arrays.copyOf(MAGIC, PREFIX_LENGTH + envelope.length);
        payload[MAGIC.length] = VERSION;
        System.arraycopy(envelope, 0, payload, PREFIX_LENGTH, envelope.length);
        return payload;
    }

    private static SealContext context(byte version) {
        String name = version < FIRST_NAMED_VERSION ? CONTEXT_NAME : CONTEXT_NAME + " v" + version;
        return SealContext.of(CONTEXT_DATABASE, name.getBytes(StandardCharsets.US_ASCII));
    }

    /** Verifies and parses a payload. */
    public static Content read(ValueCodec codec, byte[] payload) throws UnverifiedException, BadFormatException {
        if (payload.length < PREFIX_LENGTH || !Arrays.equals(payload, 0, MAGIC.length, MAGIC, 0, MAGIC.length)
                || payload[MAGIC.length] < OLDEST_VERSION || payload[MAGIC.length] > VERSION) {
            throw new UnverifiedException("not a SealedKV DUMP payload of versions " + OLDEST_VERSION + " to "
                    + VERSION);
        }
        byte[] body;
        try {
            byte[] envelope = Arrays.copyOfRange(payload, PREFIX_LENGTH, payload.length);
            body = codec.open(context(payload[MAGIC.length]), envelope);
        } catch (SealingException e) {
            throw new UnverifiedException(e.getMessage());
        }
        if (body.length == 0) {
            throw new BadFormatException("empty body");
        }
        ValueType type = SnapshotFormat.type(body[0] & 0xFF);
        if (type == null) {
            throw new BadFormatException("unknown type");
        }
        return type == ValueType.STRING ? string(body) : collection(type, body);
    }

    private static Content string(byte[] body) throws BadFormatException {
        if (body.length < 10) {
            throw new BadFormatException("string body too short");
        }
        long databaseId = 0;
        for (int i = 1; i <= 8; i++) {
            databaseId = (databaseId << 8) | (body[i] & 0xFF);
        }
        int at = 9;
        long keyLength = 0;
        for (int shift = 0; ; shift += 7) {
            if (at >= body.length || shift > 28) {
                throw new BadFormatException("bad key length");
            }
            int b = body[at++] & 0xFF;
            keyLength |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        if (keyLength > MAX_KEY_LENGTH || keyLength > body.length - at) {
            throw new BadFormatException("bad key length");
        }
        byte[] key = Arrays.copyOfRange(body, at, at + (int) keyLength);
        byte[] sealed = Arrays.copyOfRange(body, at + (int) keyLength, body.length);
        return new Content(ValueType.STRING, databaseId, key, sealed, null);
    }

    private static Content collection(ValueType type, byte[] body) throws BadFormatException {
        ByteArrayInputStream in = new ByteArrayInputStream(body, 1, body.length - 1);
        try {
            CollectionValue value = CollectionReaders.read(type, new DataInputStream(in));
            if (in.available() != 0 || value.type() != type) {
                throw new BadFormatException("bad collection payload");
            }
            return new Content(type, 0, null, null, value);
        } catch (IOException | RuntimeException e) {
            throw new BadFormatException("bad collection payload: " + e.getMessage());
        }
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
