package io.sealedkv.engine.compat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Runs corpus blocks on Redis and on SealedKV side by side and collects where their replies differ. */
final class DifferentialRunner {
    private static final int MAX_SCAN_CALLS = 10_000;

    private final int redisPort;
    private final int sealedKvPort;

    DifferentialRunner(int redisPort, int sealedKvPort) {
        this.redisPort = redisPort;
        this.sealedKvPort = sealedKvPort;
    }

    List<Difference> run(CaseBlock block) throws IOException {
        try (RespConnection redis = prepare(redisPort, block); RespConnection ours = prepare(sealedKvPort, block)) {
            List<Difference> differences = new ArrayList<>();
            for (CaseCommand command : block.commands()) {
                Difference difference = compare(block, command, redis, ours);
                if (difference != null) {
                    differences.add(difference);
                    if (difference.noReply()) {
                        break;
                    }
                }
            }
            return differences;
        }
    }

    /** A fresh connection on an empty server, in RESP3 if the block asks for it. */
    private static RespConnection prepare(int port, CaseBlock block) throws IOException {
        RespConnection connection = new RespConnection(port);
        expectNoError(connection.call("FLUSHALL"), "FLUSHALL", port);
        if (block.resp3()) {
            expectNoError(connection.call("HELLO", "3"), "HELLO 3", port);
        }
        return connection;
    }

    private static void expectNoError(RespReply reply, String command, int port) throws IOException {
        if (reply.type() == '-') {
            throw new IOException(command + " failed on port " + port + ": " + Escape.text(reply.raw()));
        }
    }

    private static Difference compare(CaseBlock block, CaseCommand command, RespConnection redis,
            RespConnection ours) throws IOException {
        if (command.comparison() instanceof Comparison.FullScan) {
            return compareFullScans(block, command, redis, ours);
        }
        RespReply expected = redisAnswer(command, () -> redis.call(command.args()));
        RespReply actual;
        try {
            actual = ours.call(command.args());
        } catch (IOException e) {
            return Difference.noReply(block, command, Escape.text(expected.raw()), e);
        }
        if (agree(command.comparison(), expected, actual)) {
            return null;
        }
        return new Difference(block, command, Escape.text(expected.raw()), Escape.text(actual.raw()), false);
    }

    private static Difference compareFullScans(CaseBlock block, CaseCommand command, RespConnection redis,
            RespConnection ours) throws IOException {
        String expected = redisAnswer(command, () -> fullScan(redis, command.args()));
        String actual;
        try {
            actual = fullScan(ours, command.args());
        } catch (IOException e) {
            return Difference.noReply(block, command, expected, e);
        }
        return expected.equals(actual) ? null : new Difference(block, command, expected, actual, false);
    }

    private static boolean agree(Comparison comparison, RespReply expected, RespReply actual) {
        if (comparison instanceof Comparison.Sorted) {
            return sortedView(expected).equals(sortedView(actual));
        }
        if (comparison instanceof Comparison.Shape) {
            return expected.sameShape(actual);
        }
        if (comparison instanceof Comparison.Within within) {
            return within(expected, actual, within.tolerance());
        }
        return expected.sameBytes(actual);
    }

    /** Redis must answer: without its reply there is nothing to compare with. */
    private static <T> T redisAnswer(CaseCommand command, IoCall<T> call) throws IOException {
        try {
            return call.run();
        } catch (IOException e) {
            throw new IOException("redis-server gave no reply to line " + command.line() + " ("
                    + command.text() + "): " + e, e);
        }
    }

    private interface IoCall<T> {
        T run() throws IOException;
    }

    private static boolean within(RespReply expected, RespReply actual, long tolerance) {
        if (expected.type() != ':' || actual.type() != ':') {
            return expected.sameBytes(actual);
        }
        return Math.abs(integer(expected) - integer(actual)) <= tolerance;
    }

    private static long integer(RespReply reply) {
        return Long.parseLong(new String(reply.payload(), StandardCharsets.US_ASCII));
    }

    /** The reply's type and its elements sorted, or the reply itself when it is not an aggregate. */
    private static String sortedView(RespReply reply) {
        if (!reply.isAggregate()) {
            return Escape.text(reply.raw());
        }
        return reply.type() + "" + reply.elements().size() + " sorted: " + sorted(reply.elements());
    }

    private static String sorted(List<RespReply> elements) {
        return elements.stream().map(e -> Escape.text(e.raw())).sorted().collect(Collectors.joining(" "));
    }

    /**
     * Follows the cursor (SCAN's first argument, the second of HSCAN, SSCAN and ZSCAN) until it comes back to 0; the view is the
     * sorted union of what every call returned (SCAN may return an element twice), or the first reply
     * that is not a SCAN page.
     */
    private static String fullScan(RespConnection connection, List<byte[]> args) throws IOException {
        List<byte[]> call = new ArrayList<>(args);
        SortedSet<String> seen = new TreeSet<>();
        for (int calls = 0; calls < MAX_SCAN_CALLS; calls++) {
            RespReply page = connection.call(call);
            if (!isScanPage(page)) {
                return Escape.text(page.raw());
            }
            page.elements().get(1).elements().forEach(element -> seen.add(Escape.text(element.raw())));
            byte[] cursor = page.elements().get(0).payload();
            if (Arrays.equals(cursor, new byte[] {'0'})) {
                return "full iteration, " + seen.size() + " distinct elements sorted: " + String.join(" ", seen);
            }
            call.set(cursorIndex(call), cursor);
        }
        return "(cursor did not return to 0 after " + MAX_SCAN_CALLS + " calls)";
    }

    /** SCAN takes the cursor first; HSCAN, SSCAN and ZSCAN take it after their key. */
    private static int cursorIndex(List<byte[]> call) {
        return new String(call.get(0), java.nio.charset.StandardCharsets.US_ASCII).equalsIgnoreCase("scan") ? 1 : 2;
    }

    private static boolean isScanPage(RespReply reply) {
        return reply.isAggregate() && reply.elements().size() == 2
                && reply.elements().get(0).type() == '$' && reply.elements().get(1).isAggregate();
    }
}
