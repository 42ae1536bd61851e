package io.sealedkv.engine.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.codec.SealContext;
import io.sealedkv.codec.SealingValueCodec;
import io.sealedkv.codec.ValueCodec;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.keyspace.Keyspace;
import io.sealedkv.keystore.Keystore;
import io.sealedkv.keystore.Keystores;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Fuzzing the loader and RESTORE's payload reader (bounded tries): whatever the bytes, the answer is
 * a clean refusal (or, for bodies that happen to be well formed, a load), never another exception, a
 * hang or an allocation the input does not justify.
 */
class SnapshotLoaderProperties {
    private static final Keystore KEYSTORE = Keystores.open("memory", Map.of());
    private static final ValueCodec CODEC = new SealingValueCodec(KEYSTORE);
    private static final byte[] VALID = validFile();

    @AfterContainer
    static void close() {
        KEYSTORE.close();
    }

    private static byte[] validFile() {
        Keyspace keyspace = new Keyspace(4);
        keyspace.lock().lock();
        try {
            Database db = keyspace.database(1);
            for (int i = 0; i < 50; i++) {
                byte[] key = ("k" + i).getBytes(StandardCharsets.US_ASCII);
                Entry entry = keyspace.writes().set(db, key, CODEC.seal(SealContext.of(db.id(), key), key), false);
                if (i % 3 == 0) {
                    keyspace.writes().setExpiry(db, entry, keyspace.now() + 100_000);
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            SnapshotWriter.writeTo(Snapshot.capture(keyspace, CODEC), CODEC, out);
            return out.toByteArray();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            keyspace.lock().unlock();
        }
    }

    /** Null when it loaded, else the refusal; any other exception fails the property. */
    private static SnapshotException load(byte[] file) {
        try {
            SnapshotReader.load(new ByteArrayInputStream(file), CODEC, new Keyspace(4), false);
            return null;
        } catch (SnapshotException e) {
            return e;
        }
    }

    @Property(tries = 100)
    void randomBytesAreRefused(@ForAll @Size(max = 2048) byte[] bytes) {
        assertThat(load(bytes)).isNotNull();
    }

    @Property(tries = 100)
    void randomBytesAfterAValidHeaderStartAreRefused(@ForAll @Size(max = 2048) byte[] tail,
                                                     @ForAll @IntRange(min = 0, max = 200) int keep) {
        byte[] file = Arrays.copyOf(VALID, Math.min(keep, VALID.length) + tail.length);
        System.arraycopy(tail, 0, file, Math.min(keep, VALID.length), tail.length);
        assertThat(load(file)).isNotNull();
    }

    @Property(tries = 100)
    void aMutatedValidFileIsRefused(@ForAll @IntRange(min = 0, max = 100_000) int where,
                                    @ForAll @IntRange(min = 1, max = 255) int xor,
                                    @ForAll @IntRange(min = 0, max = 2) int how) {
        int position = where % VALID.length;
        byte[] file = switch (how) {
            case 0 -> {
                byte[] copy = VALID.clone();
                copy[position] ^= (byte) xor;
                yield copy;
            }
            case 1 -> Arrays.copyOf(VALID, position);
            default -> {
                byte[] copy = Arrays.copyOf(VALID, VALID.length + 1);
                System.arraycopy(VALID, position, copy, position + 1, VALID.length - position);
                copy[position] = (byte) xor;
                yield copy;
            }
        };
        assertThat(load(file)).isNotNull();
    }

    /** Bodies that authenticate (sealed by a writer that knows the key) but are garbage or cut-up real bodies. */
    @Property(tries = 150)
    void anAuthenticatedBodyThatDoesNotParseIsRefusedAsABadBody(@ForAll @Size(max = 512) byte[] body,
                                                               @ForAll @IntRange(min = 0, max = 2) int how,
                                                               @ForAll @IntRange(min = 1, max = 2) int format)
            throws Exception {
        byte[] plaintext = switch (how) {
            case 0 -> body;
            case 1 -> concat(new byte[] {(byte) SnapshotFormat.DATABASE, 1, 0, 0, 0, 0, 0, 0, 0, 1}, body);
            default -> concat(new byte[] {(byte) SnapshotFormat.DATABASE, 0, 0, 0, 0, 0, 0, 0, 0, 0x7f,
                (byte) SnapshotFormat.TYPE_STRING, 1}, body);
        };
        SnapshotException refusal = load(SnapshotBodies.file(CODEC, format, new TreeSet<>(), plaintext));
        if (refusal != null) {
            assertThat(refusal.failure()).isIn(SnapshotException.Failure.BAD_BODY,
                    SnapshotException.Failure.TOO_MANY_DATABASES);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Property(tries = 150)
    void restorePayloadsThatAreNotExactlyWhatDumpWroteAreRefused(@ForAll @Size(max = 512) byte[] bytes,
                                                                 @ForAll @IntRange(min = 0, max = 2) int how) {
        byte[] payload = switch (how) {
            case 0 -> bytes;
            case 1 -> concat(new byte[] {'S', 'K', 'V', 'D', 1}, bytes);
            default -> {
                byte[] valid = DumpPayload.ofString(CODEC, 0, "k".getBytes(StandardCharsets.US_ASCII),
                        CODEC.seal(SealContext.of(0, "k".getBytes(StandardCharsets.US_ASCII)), bytes));
                valid[(bytes.length * 31) % valid.length] ^= (byte) (1 + bytes.length % 255);
                yield valid;
            }
        };
        assertThat(readPayload(payload)).isEqualTo("unverified");
    }

    @Property(tries = 150)
    void aSealedPayloadBodyThatDoesNotParseIsABadFormat(@ForAll @Size(max = 512) byte[] body) {
        String outcome = readPayload(DumpPayload.seal(CODEC, body));
        assertThat(outcome).isIn("bad format", "read");
    }

    private static String readPayload(byte[] payload) {
        try {
            DumpPayload.read(CODEC, payload);
            return "read";
        } catch (DumpPayload.UnverifiedException e) {
            return "unverified";
        } catch (DumpPayload.BadFormatException e) {
            return "bad format";
        }
    }
}
