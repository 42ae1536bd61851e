package io.sealedkv.engine.resp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.sealedkv.engine.testing.Bounded;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzing the RESP decoder, the first code that meets a client's bytes: random frames and mutated
 * valid ones (multibulk and inline, huge and negative numbers), fed whole and split at random points.
 * Whatever arrives, the decoder emits requests and at most one {@link ProtocolError} after which it
 * emits nothing, never throws, never yields more argument bytes than it was given, gives the same
 * result for every way the bytes are split into reads, and finishes each input within 5 seconds (a loaded machine).
 *
 * <p>Tries: {@code jqwik.tries.default} (1000 from junit-platform.properties); a campaign raises it
 * with {@code -Djqwik.tries.default=100000}.
 */
class RespDecoderFuzzProperties {
    private static final Duration PER_TRY = Duration.ofSeconds(5);

    /** Loads Netty's classes before the first timed try. */
    @BeforeContainer
    static void warmUp() {
        decode("PING\r\n".getBytes(StandardCharsets.US_ASCII), List.of(2), true);
    }

    @Property
    void randomBytesAreDecodedOrRefusedCleanly(@ForAll @Size(max = 4096) byte[] input,
                                               @ForAll @Size(max = 8) List<@IntRange(min = 0, max = 4096) Integer> cuts,
                                               @ForAll boolean authenticated) {
        check(input, cuts, authenticated);
    }

    @Property
    void mutatedValidFramesAreDecodedOrRefusedCleanly(@ForAll("mutatedFrames") byte[] input,
                                                      @ForAll @Size(max = 8) List<@IntRange(min = 0, max = 4096) Integer> cuts,
                                                      @ForAll boolean authenticated) {
        check(input, cuts, authenticated);
    }

    private static void check(byte[] input, List<Integer> cuts, boolean authenticated) {
        List<String> whole = Bounded.call(PER_TRY, () -> decode(input, List.of(), authenticated));
        List<String> split = Bounded.call(PER_TRY, () -> decode(input, cuts, authenticated));
        assertThat(split).as("same requests whatever the read boundaries").isEqualTo(whole);
        int errors = 0;
        long argumentBytes = 0;
        for (String message : whole) {
            assertThat(errors).as("nothing after a protocol error").isZero();
            if (message.startsWith("error")) {
                errors++;
            } else {
                argumentBytes += message.length();
            }
        }
        assertThat(argumentBytes).as("no amplification").isLessThanOrEqualTo(input.length * 2L + 2);
    }

    /** The messages decoded from {@code input} cut at {@code cuts}, rendered as text. */
    private static List<String> decode(byte[] input, List<Integer> cuts, boolean authenticated) {
        EmbeddedChannel channel = new EmbeddedChannel(new RespDecoder(limits(authenticated)));
        try {
            int from = 0;
            for (int cut : new TreeSet<>(cuts)) {
                if (cut > from && cut < input.length) {
                    channel.writeInbound(Unpooled.copiedBuffer(input, from, cut - from));
                    from = cut;
                }
            }
            channel.writeInbound(Unpooled.copiedBuffer(input, from, input.length - from));
            List<String> out = new ArrayList<>();
            for (Object message; (message = channel.readInbound()) != null; ) {
                out.add(render(message));
            }
            return out;
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    private static String render(Object message) {
        if (message instanceof byte[][] args) {
            StringBuilder text = new StringBuilder();
            for (byte[] arg : args) {
                text.append(new String(arg, StandardCharsets.ISO_8859_1)).append('\u0000');
            }
            return text.toString();
        }
        ProtocolError error = (ProtocolError) message;
        return "error " + error.reason() + " " + error.logMessage();
    }

    private static ProtocolLimits limits(boolean authenticated) {
        return new ProtocolLimits() {
            @Override
            public long maxBulkLength() {
                return 1024;
            }

            @Override
            public long queryBufferLimit() {
                return 1 << 20;
            }

            @Override
            public boolean authenticated() {
                return authenticated;
            }
        };
    }

    @Provide
    Arbitrary<byte[]> mutatedFrames() {
        Arbitrary<byte[]> frames = frame().list().ofMaxSize(5).map(RespDecoderFuzzProperties::concat);
        return Combinators.combine(frames, mutation().list().ofMaxSize(4)).as((bytes, mutations) -> {
            byte[] mutated = bytes;
            for (Mutation m : mutations) {
                mutated = m.apply(mutated);
            }
            return mutated;
        });
    }

    private static Arbitrary<byte[]> frame() {
        Arbitrary<byte[]> arg = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
        Arbitrary<byte[]> multibulk = arg.list().ofMinSize(1).ofMaxSize(12).map(args -> {
            StringBuilder text = new StringBuilder("*").append(args.size()).append("\r\n");
            for (byte[] a : args) {
                text.append('$').append(a.length).append("\r\n").append(new String(a, StandardCharsets.ISO_8859_1))
                        .append("\r\n");
            }
            return text.toString().getBytes(StandardCharsets.ISO_8859_1);
        });
        Arbitrary<byte[]> inline = Arbitraries.of("PING", "SET k v", "GET \"a b\"", "ECHO 'x\\'y'", "\"\\x41\\n\"",
                        "  spaced   words ", "\"unbalanced", "POST /", "Host: x", "")
                .map(line -> (line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return Arbitraries.oneOf(multibulk, inline);
    }

    private static Arbitrary<Mutation> mutation() {
        Arbitrary<Integer> at = Arbitraries.integers().between(0, 10_000);
        Arbitrary<String> number = Arbitraries.of("-1", "-5", "0", "2147483647", "2147483648", "9223372036854775807",
                "99999999999999999999999", "-9223372036854775808", "+3", " 3", "3 ", "0x10", "", "abc");
        Arbitrary<String> token = Arbitraries.of("*", "$", "\r\n", "\r", "\n", "\"", "'", "\\", "\u0000");
        return Arbitraries.oneOf(
                Combinators.combine(at, Arbitraries.integers().between(1, 255))
                        .as((i, x) -> (Mutation) b -> flip(b, i, x)),
                at.map(i -> (Mutation) b -> b.length == 0 ? b : java.util.Arrays.copyOf(b, i % b.length)),
                Combinators.combine(at, Arbitraries.oneOf(number, token))
                        .as((i, s) -> (Mutation) b -> insert(b, i, s.getBytes(StandardCharsets.ISO_8859_1))),
                Combinators.combine(at, number).as((i, n) -> (Mutation) b -> replaceNumber(b, i, n)));
    }

    @FunctionalInterface
    private interface Mutation {
        byte[] apply(byte[] bytes);
    }

    private static byte[] flip(byte[] bytes, int at, int mask) {
        if (bytes.length == 0) {
            return bytes;
        }
        byte[] copy = bytes.clone();
        copy[at % copy.length] ^= (byte) mask;
        return copy;
    }

    private static byte[] insert(byte[] bytes, int at, byte[] inserted) {
        int i = bytes.length == 0 ? 0 : at % (bytes.length + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bytes, 0, i);
        out.writeBytes(inserted);
        out.write(bytes, i, bytes.length - i);
        return out.toByteArray();
    }

    /** Replaces the digits after the {@code at}-th '*' or '$' with {@code number}. */
    private static byte[] replaceNumber(byte[] bytes, int at, String number) {
        List<Integer> markers = new ArrayList<>();
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '*' || bytes[i] == '$') {
                markers.add(i);
            }
        }
        if (markers.isEmpty()) {
            return bytes;
        }
        int start = markers.get(at % markers.size()) + 1;
        int end = start;
        while (end < bytes.length && bytes[end] != '\r') {
            end++;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bytes, 0, start);
        out.writeBytes(number.getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes, end, bytes.length - end);
        return out.toByteArray();
    }

    private static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
