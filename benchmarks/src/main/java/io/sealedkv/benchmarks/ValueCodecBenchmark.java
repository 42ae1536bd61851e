package io.sealedkv.benchmarks;

import io.sealedkv.codec.CodecOptions;
import io.sealedkv.codec.SealContext;
import io.sealedkv.codec.SealingValueCodec;
import io.sealedkv.codec.ValueCodec;
import io.sealedkv.keystore.Keystore;
import io.sealedkv.keystore.Keystores;
import java.nio.charset.StandardCharsets;
import java.util.Map;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole value pipeline (LZF when it pays, then AES-256-GCM in the v1 envelope) as the server uses
 * it: a memory keystore, SunJCE. {@code sealOpen} is one write and one read of the same value.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class ValueCodecBenchmark {
    @Param({"16", "100", "1024", "16384"})
    public int size;

    @Param({"json", "random"})
    public String data;

    @Param({"true", "false"})
    public boolean compression;

    private Keystore keystore;
    private ValueCodec codec;
    private SealContext context;
    private byte[] plaintext;
    private byte[] sealed;

    @Setup
    public void setUp() {
        keystore = Keystores.open("memory", Map.of());
        codec = new SealingValueCodec(keystore, CodecOptions.DEFAULTS.withCompression(compression));
        context = SealContext.of(0, "user:1000:profile".getBytes(StandardCharsets.US_ASCII));
        plaintext = Payloads.of(data, size, 3);
        sealed = codec.seal(context, plaintext);
    }

    @TearDown
    public void tearDown() {
        keystore.close();
    }

    @Benchmark
    public byte[] seal() {
        return codec.seal(context, plaintext);
    }

    @Benchmark
    public byte[] open() {
        return codec.open(context, sealed);
    }

    @Benchmark
    public byte[] sealOpen() {
        return codec.open(context, codec.seal(context, plaintext));
    }
}
