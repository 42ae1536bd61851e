package io.sealedkv.codec.v1;

import com.ning.compress.lzf.ChunkDecoder;
import com.ning.compress.lzf.ChunkEncoder;
import com.ning.compress.lzf.LZFChunk;
import com.ning.compress.lzf.LZFEncoder;
import com.ning.compress.lzf.LZFException;
import com.ning.compress.lzf.util.ChunkDecoderFactory;
import com.ning.compress.lzf.util.ChunkEncoderFactory;
import io.sealedkv.codec.MalformedEnvelopeException;
import java.util.Arrays;

/**
 * LZF as version 1 envelopes carry it. Encoders are not thread-safe and cost a 64 KB hash table to
 * create, so each thread keeps one, with a workspace that holds any value of up to one LZF chunk.
 */
final class Lzf {
    private static final ThreadLocal<Lzf> PER_THREAD = ThreadLocal.withInitial(Lzf::new);
    private static final int REUSED_WORKSPACE_LENGTH = LZFEncoder.estimateMaxWorkspaceSize(LZFChunk.MAX_CHUNK_LEN);
    /*
     * The bounds-checked decoder, not the Unsafe one: only authenticated payloads reach it, but a
     * leaked data key must not become a way to write outside the heap.
     */
    private static final ChunkDecoder DECODER = ChunkDecoderFactory.safeInstance();

    private final ChunkEncoder encoder = ChunkEncoderFactory.optimalInstance();
    private final byte[] workspace = new byte[REUSED_WORKSPACE_LENGTH];

    private Lzf() {
    }

    static Lzf forCurrentThread() {
        return PER_THREAD.get();
    }

    /** A buffer that can hold the attempt to compress {@code length} bytes; valid until this thread's next call. */
    byte[] workspace(int length) {
        int needed = LZFEncoder.estimateMaxWorkspaceSize(length);
        return needed <= workspace.length ? workspace : new byte[needed];
    }

    /** Compresses all of {@code input} into the start of {@code workspace}; returns the compressed length. */
    int compress(byte[] input, byte[] workspace) {
        return LZFEncoder.appendEncoded(encoder, input, 0, input.length, workspace, 0);
    }

    /**
     * Zeroes what compressing {@code inputLength} bytes may have written to {@code workspace}: LZF output
     * keeps literal runs of the plaintext, and an attempt that did not pay may have written past the
     * length it reported, so the reused workspace must not keep any of it.
     */
    static void wipe(byte[] workspace, int inputLength) {
        Arrays.fill(workspace, 0, Math.min(workspace.length, LZFEncoder.estimateMaxWorkspaceSize(inputLength)), (byte) 0);
    }

    /** Decodes an authenticated LZF payload that may expand to at most {@code maxBytes}. */
    static byte[] decompress(byte[] payload, int maxBytes) {
        int declared = declaredLength(payload);
        // The sum of chunk lengths can wrap around to a negative int.
        if (declared < 0 || declared > maxBytes) {
            throw new MalformedEnvelopeException(
                    "compressed payload would expand beyond the limit of " + maxBytes + " bytes");
        }
        byte[] plaintext = new byte[declared];
        int decoded;
        try {
            decoded = DECODER.decode(payload, 0, payload.length, plaintext);
        } catch (LZFException | RuntimeException e) {
            throw new MalformedEnvelopeException("compressed payload is corrupt", e);
        }
        if (decoded != declared) {
            throw new MalformedEnvelopeException(
                    "compressed payload decoded to " + decoded + " bytes, not the declared " + declared);
        }
        return plaintext;
    }

    private static int declaredLength(byte[] payload) {
        // ChunkDecoder's, not LZFDecoder's: in 1.2.1 the latter passes the length as the start offset.
        try {
            return ChunkDecoder.calculateUncompressedSize(payload, 0, payload.length);
        } catch (LZFException e) {
            throw new MalformedEnvelopeException("compressed payload has a corrupt chunk header", e);
        }
    }
}
