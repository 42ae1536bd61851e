package io.sealedkv.benchmarks;

import io.sealedkv.crypto.Aead;
import io.sealedkv.crypto.AesGcm;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** AES-256-GCM seal and open, JDK (SunJCE) against Bouncy Castle, through our {@link Aead}. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class AesGcmBenchmark {
    @Param({"JCE", "BOUNCY_CASTLE"})
    public AesGcm.Engine engine;

    @Param({"16", "100", "1024", "16384"})
    public int size;

    private Aead aead;
    private byte[] plaintext;
    private byte[] sealed;
    private byte[] out;
    private final byte[] nonce = new byte[Aead.NONCE_LENGTH];
    private final byte[] aad = new byte[24];
    private long counter;

    @Setup
    public void setUp() {
        aead = AesGcm.create(engine, Payloads.random(32, 1));
        plaintext = Payloads.random(size, 2);
        out = new byte[size + Aead.TAG_LENGTH];
        sealed = new byte[size + Aead.TAG_LENGTH];
        aead.seal(nonce, 0, aad, plaintext, 0, size, sealed, 0);
    }

    @Benchmark
    public byte[] seal() {
        nextNonce();
        aead.seal(nonce, 0, aad, plaintext, 0, size, out, 0);
        return out;
    }

    @Benchmark
    public byte[] open() {
        return aead.open(new byte[Aead.NONCE_LENGTH], 0, aad, sealed, 0, sealed.length);
    }

    /** Both engines refuse a repeated nonce on encryption, so each seal takes the next counter. */
    private void nextNonce() {
        long c = ++counter;
        for (int i = 0; i < 8; i++) {
            nonce[4 + i] = (byte) (c >>> (56 - 8 * i));
        }
    }
}
