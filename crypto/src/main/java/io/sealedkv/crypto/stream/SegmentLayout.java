package io.sealedkv.crypto.stream;

import io.sealedkv.crypto.Aead;
import io.sealedkv.crypto.AesGcm;
import java.util.Objects;

/**
 * The byte layout of a segmented AEAD stream (the STREAM construction of Hoang, Reyhanitabar,
 * Rogaway and Vizár, 2015), written by {@link SegmentedAeadWriter} and read by
 * {@link SegmentedAeadReader}. This Javadoc is the specification.
 *
 * <h2>Parameters (never read from the stream)</h2>
 * <ul>
 *   <li>{@code K}: a 32-byte AES-256 stream key, used for exactly one stream. The snapshot format
 *       generates a random stream key per file and stores it sealed under a data key.</li>
 *   <li>{@code A}: associated data, any length (may be empty), authenticated by every segment;
 *       typically the file header, so no segment can be moved into a file with another header.</li>
 *   <li>{@code S}: the plaintext segment size, {@value #MIN_SEGMENT_SIZE} to
 *       {@value #MAX_SEGMENT_SIZE} bytes (default {@value #DEFAULT_SEGMENT_SIZE}).</li>
 * </ul>
 *
 * <h2>Stream</h2>
 * <pre>
 * stream    = P || C_0 || C_1 || ... || C_(n-1)        n &gt;= 1, n &lt;= 2^32
 * P         = 7 random bytes chosen by the writer (the nonce prefix)
 * C_i       = AES-256-GCM(K, N_i, A, M_i)              ciphertext || 16-byte tag
 * N_i       = P || uint32_be(i) || f_i                 12 bytes
 * f_i       = 0x01 if i = n-1 (the last segment), else 0x00
 * M_i       = S bytes of plaintext for i &lt; n-1; 0..S bytes for the last segment
 * </pre>
 * Every segment but the last is therefore exactly {@code S + 16} bytes and the last one 16 to
 * {@code S + 16} bytes. An empty plaintext is one empty last segment: {@code P} and a 16-byte tag.
 * A plaintext of {@code k * S} bytes ({@code k >= 1}) is {@code k} full segments, the last flagged.
 *
 * <h2>Why it detects what it detects</h2>
 * The index in the nonce makes reordering fail, the last-segment flag makes cutting the stream at
 * a segment boundary fail, and {@code A} and {@code P} in every segment make splicing in segments
 * of another stream fail (another header, or another prefix even under the same key).
 *
 * <h2>Why the stream key is used directly, without HKDF</h2>
 * Nonces are unique under {@code K} by construction (index and flag differ for every segment of a
 * stream) as long as {@code K} seals one stream only, which the caller guarantees by drawing a
 * fresh key per stream; a per-stream subkey derived with a random salt would protect only against
 * breaking that rule. The random prefix gives that protection at no cost: two streams wrongly
 * sealed under one key still get distinct nonces unless their 56-bit prefixes collide, and
 * segments of one cannot be spliced into the other.
 *
 * <h2>Limits</h2>
 * At most 2^32 segments per stream ({@code 2^32 * S} bytes of plaintext, 256 TiB at the default
 * segment size); the writer refuses to go beyond, the reader refuses a stream that does.
 */
public final class SegmentLayout {
    public static final int NONCE_PREFIX_LENGTH = 7;
    public static final int TAG_LENGTH = Aead.TAG_LENGTH;
    public static final int KEY_LENGTH = AesGcm.KEY_LENGTH;
    public static final int MIN_SEGMENT_SIZE = 1;
    public static final int MAX_SEGMENT_SIZE = 16 * 1024 * 1024;
    public static final int DEFAULT_SEGMENT_SIZE = 64 * 1024;
    public static final long MAX_SEGMENTS = 1L << 32;

    private static final byte LAST = 0x01;
    private static final byte NOT_LAST = 0x00;

    private SegmentLayout() {
    }

    /** Writes {@code N_i} (see above) into {@code nonce}, which already starts with the prefix. */
    static void completeNonce(byte[] nonce, long index, boolean last) {
        int i = (int) index;
        nonce[NONCE_PREFIX_LENGTH] = (byte) (i >>> 24);
        nonce[NONCE_PREFIX_LENGTH + 1] = (byte) (i >>> 16);
        nonce[NONCE_PREFIX_LENGTH + 2] = (byte) (i >>> 8);
        nonce[NONCE_PREFIX_LENGTH + 3] = (byte) i;
        nonce[NONCE_PREFIX_LENGTH + 4] = last ? LAST : NOT_LAST;
    }

    static Aead aeadFor(byte[] streamKey) {
        Objects.requireNonNull(streamKey, "streamKey");
        if (streamKey.length != KEY_LENGTH) {
            throw new IllegalArgumentException("a stream key must be " + KEY_LENGTH + " bytes, not " + streamKey.length);
        }
        return AesGcm.create(AesGcm.Engine.JCE, streamKey);
    }

    static int checkSegmentSize(int segmentSize) {
        if (segmentSize < MIN_SEGMENT_SIZE || segmentSize > MAX_SEGMENT_SIZE) {
            throw new IllegalArgumentException("segment size must be " + MIN_SEGMENT_SIZE + ".."
                    + MAX_SEGMENT_SIZE + " bytes, not " + segmentSize);
        }
        return segmentSize;
    }

    static long checkMaxSegments(long maxSegments) {
        if (maxSegments < 1 || maxSegments > MAX_SEGMENTS) {
            throw new IllegalArgumentException("segment limit must be 1..2^32, not " + maxSegments);
        }
        return maxSegments;
    }
}
