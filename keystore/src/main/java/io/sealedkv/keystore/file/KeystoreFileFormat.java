package io.sealedkv.keystore.file;

import io.sealedkv.crypto.AuthenticationFailedException;
import io.sealedkv.crypto.KeyWrap;
import io.sealedkv.crypto.PassphraseKdf;
import io.sealedkv.keystore.KeyState;
import io.sealedkv.keystore.KeystoreException;
import io.sealedkv.keystore.KeystoreException.Reason;
import io.sealedkv.keystore.internal.VersionRecord;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keystore file format version 1: this Javadoc is its byte-level specification, and this class its
 * only reader and writer. A released version is never changed; a version 2 gets a new class and this
 * one stays readable.
 *
 * <h2>Layout</h2>
 * All integers are big-endian; L is the file's length.
 * <pre>
 * offset   size  field
 *      0      8  magic: ASCII "SKVKEYS" followed by 0x0A
 *      8      2  format version, unsigned: 1
 *     10      4  L, unsigned: the length of the whole file, trailers included
 *     14      1  KDF algorithm: 1 = scrypt (RFC 7914)
 *     15      1  scrypt log2(N), 1..20
 *     16      1  scrypt r, 1..8
 *     17      1  scrypt p, 1..4
 *     18     16  salt
 *     34     32  passphrase verifier
 *     66      4  n, unsigned: the number of version entries
 *     70      -  n version entries, oldest first, each:
 *                  +0   4  id, signed, 1 or more
 *                  +4   1  state: 1 primary, 2 decrypt-only, 3 destroyed
 *                  +5   8  created, signed, milliseconds since 1970-01-01T00:00:00Z
 *                 +13   8  counters reserved, signed, 0 or more: nonce counters below it are
 *                          reserved and never handed out again
 *                 +21   2  w, unsigned: the wrapped key's length, 0 for a destroyed version
 *                 +23   w  the 32-byte data key wrapped with AES-256 KWP (RFC 5649) under the
 *                          key-encryption key: 40 bytes
 *   L-64     32  HMAC-SHA-256 under the file authentication key of bytes [0, L-64)
 *   L-32     32  SHA-256 of bytes [0, L-32)
 * </pre>
 *
 * <h2>Keys</h2>
 * master = scrypt(passphrase, salt, N, r, p, 32 bytes), the passphrase as {@link Passphrase} encodes
 * it. From the master, HKDF-SHA-256 (RFC 5869, no salt) derives three 32-byte keys, with info the
 * ASCII text {@value #LABEL_PREFIX} followed by {@code key-encryption key}, {@code file authentication
 * key} or {@code passphrase verifier}. The verifier is stored as is.
 *
 * <h2>Reading, and the error for each failure</h2>
 * Checked in this order, each failure a {@link KeystoreException} with its own reason, so that a
 * damaged file is never reported as a wrong passphrase or the other way round:
 * <ol>
 *   <li>no bytes: {@code EMPTY}</li>
 *   <li>the first bytes (up to 8) differ from the magic: {@code NOT_A_KEYSTORE}</li>
 *   <li>format version other than 1: {@code UNSUPPORTED_FORMAT_VERSION}</li>
 *   <li>fewer bytes than the header or than L: {@code TRUNCATED}</li>
 *   <li>more bytes than L, an L too small for a header and trailers, or a SHA-256 mismatch:
 *       {@code DAMAGED} (accidental damage: a flipped bit, a bad disk)</li>
 *   <li>an unknown KDF or parameters out of range: {@code INVALID_CONTENT}</li>
 *   <li>a verifier mismatch: {@code WRONG_PASSPHRASE}</li>
 *   <li>an HMAC mismatch: {@code MODIFIED} (the checksum was recomputed, the HMAC could not be:
 *       someone without the passphrase edited the file)</li>
 *   <li>entries that do not fill exactly [70, L-64), an unknown state, a wrapped key on a destroyed
 *       version or one that does not unwrap: {@code INVALID_CONTENT}</li>
 * </ol>
 * What the versions must satisfy together (one primary, unique ids, 32-byte keys) is checked by the
 * keystore that takes them, with the same {@code INVALID_CONTENT} reason.
 */
public final class KeystoreFileFormat {
    public static final int VERSION = 1;
    static final byte[] MAGIC = {'S', 'K', 'V', 'K', 'E', 'Y', 'S', '\n'};
    static final String LABEL_PREFIX = "SealedKV keystore v1 ";
    static final int ENTRIES_OFFSET = 70;
    static final int ENTRY_HEADER_LENGTH = 23;
    static final int TRAILER_LENGTH = 64;
    private static final int HEADER_LENGTH = 14;
    private static final int KDF_SCRYPT = 1;
    private static final int MAX_LOG2N = 20;
    private static final int MAX_R = 8;
    private static final int MAX_P = 4;
    private static final KeyWrap WRAP = KeyWrap.KWP;

    private KeystoreFileFormat() {
    }

    /** The versions and the keys they were read with (kept for the next write). */
    record Contents(MasterKeys keys, List<VersionRecord> versions) {
    }

    /** Writes {@code versions} under {@code keys}: the complete file. */
    static byte[] encode(MasterKeys keys, List<VersionRecord> versions) {
        List<byte[]> wrapped = new ArrayList<>(versions.size());
        int length = ENTRIES_OFFSET + TRAILER_LENGTH;
        for (VersionRecord v : versions) {
            byte[] w = v.key() == null ? new byte[0] : WRAP.wrap(keys.kek, v.key());
            wrapped.add(w);
            length += ENTRY_HEADER_LENGTH + w.length;
        }
        ByteBuffer out = ByteBuffer.allocate(length);
        out.put(MAGIC).putShort((short) VERSION).putInt(length);
        out.put((byte) KDF_SCRYPT).put((byte) keys.kdf.log2N()).put((byte) keys.kdf.r()).put((byte) keys.kdf.p());
        out.put(keys.salt).put(keys.verifier).putInt(versions.size());
        for (int i = 0; i < versions.size(); i++) {
            VersionRecord v = versions.get(i);
            out.putInt(v.id()).put(stateCode(v.state())).putLong(v.created().toEpochMilli())
                    .putLong(v.countersReserved()).putShort((short) wrapped.get(i).length).put(wrapped.get(i));
        }
        return fillTrailers(keys, out.array());
    }

    /**
     * Fills the last 64 bytes of {@code file} (the HMAC, then the checksum) from what precedes them.
     * Returns {@code file}.
     */
    static byte[] fillTrailers(MasterKeys keys, byte[] file) {
        int macAt = file.length - TRAILER_LENGTH;
        System.arraycopy(hmac(keys.macKey, file, macAt), 0, file, macAt, 32);
        System.arraycopy(sha256(file, macAt + 32), 0, file, macAt + 32, 32);
        return file;
    }

    /** Reads a whole file; {@code passphrase} is needed to check and unwrap it. */
    static Contents decode(byte[] file, Passphrase passphrase) {
        checkFraming(file);
        ByteBuffer in = ByteBuffer.wrap(file);
        PassphraseKdf kdf = readKdf(in.position(HEADER_LENGTH));
        byte[] salt = new byte[PassphraseKdf.SALT_LENGTH];
        byte[] verifier = new byte[MasterKeys.KEY_LENGTH];
        in.get(salt).get(verifier);
        MasterKeys keys = MasterKeys.derive(passphrase, kdf, salt);
        try {
            if (!MessageDigest.isEqual(verifier, keys.verifier)) {
                throw new KeystoreException(Reason.WRONG_PASSPHRASE, "wrong passphrase for this keystore");
            }
            int macAt = file.length - TRAILER_LENGTH;
            if (!MessageDigest.isEqual(hmac(keys.macKey, file, macAt), Arrays.copyOfRange(file, macAt, macAt + 32))) {
                throw new KeystoreException(Reason.MODIFIED,
                        "keystore file was modified (authentication failed): its checksum is intact, "
                                + "its authentication code is not");
            }
            return new Contents(keys, readEntries(in.limit(macAt), keys.kek));
        } catch (RuntimeException e) {
            keys.destroy();
            throw e;
        }
    }

    private static void checkFraming(byte[] file) {
        if (file.length == 0) {
            throw new KeystoreException(Reason.EMPTY, "keystore file is empty");
        }
        int magicBytes = Math.min(file.length, MAGIC.length);
        if (!Arrays.equals(file, 0, magicBytes, MAGIC, 0, magicBytes)) {
            throw new KeystoreException(Reason.NOT_A_KEYSTORE, "not a SealedKV keystore (wrong magic bytes)");
        }
        if (file.length >= MAGIC.length + 2) {
            int version = Short.toUnsignedInt(ByteBuffer.wrap(file, MAGIC.length, 2).getShort());
            if (version != VERSION) {
                throw new KeystoreException(Reason.UNSUPPORTED_FORMAT_VERSION, "unsupported keystore format version "
                        + version + " (this build reads version " + VERSION + ")");
            }
        }
        if (file.length < HEADER_LENGTH) {
            throw truncated(file.length, HEADER_LENGTH);
        }
        long declared = Integer.toUnsignedLong(ByteBuffer.wrap(file, 10, 4).getInt());
        if (file.length < declared) {
            throw truncated(file.length, declared);
        }
        if (declared < ENTRIES_OFFSET + TRAILER_LENGTH || file.length > declared) {
            throw damaged("its length is " + file.length + " bytes but its header says " + declared);
        }
        int sumAt = file.length - 32;
        if (!MessageDigest.isEqual(sha256(file, sumAt), Arrays.copyOfRange(file, sumAt, file.length))) {
            throw damaged("checksum mismatch");
        }
    }

    private static PassphraseKdf readKdf(ByteBuffer in) {
        int algorithm = Byte.toUnsignedInt(in.get());
        int log2N = Byte.toUnsignedInt(in.get());
        int r = Byte.toUnsignedInt(in.get());
        int p = Byte.toUnsignedInt(in.get());
        if (algorithm != KDF_SCRYPT || log2N < 1 || log2N > MAX_LOG2N || r < 1 || r > MAX_R || p < 1 || p > MAX_P) {
            throw invalid("unsupported key derivation in keystore file: algorithm " + algorithm
                    + ", log2N " + log2N + ", r " + r + ", p " + p);
        }
        return new PassphraseKdf(log2N, r, p);
    }

    private static List<VersionRecord> readEntries(ByteBuffer in, byte[] kek) {
        List<VersionRecord> versions = new ArrayList<>();
        try {
            long n = Integer.toUnsignedLong(in.position(66).getInt());
            for (long i = 0; i < n; i++) {
                versions.add(readEntry(in, kek));
            }
        } catch (BufferUnderflowException e) {
            throw invalid("keystore file's version entries are shorter than their count says");
        }
        if (in.hasRemaining()) {
            throw invalid("keystore file has " + in.remaining() + " bytes after its version entries");
        }
        return versions;
    }

    private static VersionRecord readEntry(ByteBuffer in, byte[] kek) {
        int id = in.getInt();
        KeyState state = state(in.get(), id);
        Instant created = Instant.ofEpochMilli(in.getLong());
        long counters = in.getLong();
        byte[] wrapped = new byte[Short.toUnsignedInt(in.getShort())];
        in.get(wrapped);
        if (state == KeyState.DESTROYED) {
            if (wrapped.length != 0) {
                throw invalid("key version " + id + " is destroyed but still holds key material");
            }
            return new VersionRecord(id, state, created, counters, null);
        }
        try {
            return new VersionRecord(id, state, created, counters, WRAP.unwrap(kek, wrapped));
        } catch (AuthenticationFailedException e) {
            throw invalid("the data key of version " + id + " does not unwrap");
        }
    }

    private static byte stateCode(KeyState state) {
        return switch (state) {
            case PRIMARY -> 1;
            case DECRYPT_ONLY -> 2;
            case DESTROYED -> 3;
        };
    }

    private static KeyState state(byte code, int id) {
        return switch (code) {
            case 1 -> KeyState.PRIMARY;
            case 2 -> KeyState.DECRYPT_ONLY;
            case 3 -> KeyState.DESTROYED;
            default -> throw invalid("key version " + id + " has unknown state " + Byte.toUnsignedInt(code));
        };
    }

    private static byte[] hmac(byte[] key, byte[] data, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(data, 0, length);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    private static byte[] sha256(byte[] data, int length) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(data, 0, length);
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static KeystoreException truncated(long actual, long expected) {
        return new KeystoreException(Reason.TRUNCATED,
                "keystore file truncated: " + actual + " bytes, expected " + expected);
    }

    private static KeystoreException damaged(String detail) {
        return new KeystoreException(Reason.DAMAGED, "keystore file damaged (" + detail + ")");
    }

    private static KeystoreException invalid(String message) {
        return new KeystoreException(Reason.INVALID_CONTENT, message);
    }
}
