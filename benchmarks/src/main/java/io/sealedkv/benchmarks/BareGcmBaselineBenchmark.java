package io.sealedkv.benchmarks;

import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
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

/**
 * The yardstick for {@link ValueCodecBenchmark#sealOpen}: bare SunJCE AES-256-GCM encrypt then decrypt
 * of the same bytes with one cached Cipher, no envelope, no keystore, no compression.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class BareGcmBaselineBenchmark {
    @Param({"16", "100", "1024", "16384"})
    public int size;

    private Cipher cipher;
    private SecretKeySpec key;
    private byte[] plaintext;
    private final byte[] nonce = new byte[12];
    private final byte[] aad = new byte[31];
    private long counter;

    @Setup
    public void setUp() throws GeneralSecurityException {
        cipher = Cipher.getInstance("AES/GCM/NoPadding");
        key = new SecretKeySpec(Payloads.random(32, 1), "AES");
        plaintext = Payloads.random(size, 2);
    }

    @Benchmark
    public byte[] encryptDecrypt() throws GeneralSecurityException {
        long c = ++counter;
        for (int i = 0; i < 8; i++) {
            nonce[4 + i] = (byte) (c >>> (56 - 8 * i));
        }
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
        cipher.updateAAD(aad);
        byte[] sealed = cipher.doFinal(plaintext);
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, nonce));
        cipher.updateAAD(aad);
        return cipher.doFinal(sealed);
    }
}
