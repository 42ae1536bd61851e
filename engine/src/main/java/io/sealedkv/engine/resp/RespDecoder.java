package io.sealedkv.engine.resp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.Arrays;
import java.util.List;

/**
 * Turns the bytes of one connection into requests, each a {@code byte[][]} of binary-safe arguments.
 *
 * <p>An explicit state machine: {@link State#REQUEST} looks at the first byte and reads either a
 * multibulk count ({@code *N}) or an inline line (a person typing over telnet); {@link State#BULK_LENGTH}
 * reads {@code $len}; {@link State#BULK_DATA} waits for {@code len + 2} bytes. Every length is checked
 * before anything is buffered for it: {@code proto-max-bulk-len}, multibulk counts up to
 * {@link Integer#MAX_VALUE}, 64 KB for an inline request or a length line, the query-buffer limit, and
 * the smaller limits Redis applies before authentication. A violation emits one {@link ProtocolError}
 * and discards everything after it; requests decoded before it are still answered. A line starting
 * with {@code POST} or {@code Host:} closes the connection silently, as Redis does against
 * cross-protocol attacks. Negative or zero multibulk counts are ignored, as in Redis.
 *
 * <p>The bytes each decoding call read (arguments and framing) are zeroed in the network buffer before
 * it returns, so before the command runs; bytes dropped unread are zeroed,
 * a fully read buffer is zeroed before the decoder releases it and reads are joined by a
 * {@link ZeroingCumulator}, so a value's plaintext does not linger in pooled buffers after its command.
 */
public final class RespDecoder extends ByteToMessageDecoder {
    static final int MAX_INLINE = 64 * 1024;
    private static final int UNAUTHENTICATED_MAX_ARGS = 10;
    private static final int UNAUTHENTICATED_MAX_BULK = 16 * 1024;
    private static final int INITIAL_ARGS_CAPACITY = 1024;
    /** Bulks above this are copied out of the network buffer as they arrive instead of accumulating there. */
    private static final int STREAMED_BULK = 64 * 1024;

    private enum State { REQUEST, BULK_LENGTH, BULK_DATA, DISCARD }

    private final ProtocolLimits limits;
    private State state = State.REQUEST;
    private byte[][] args;
    private int expectedArgs;
    private int argIndex;
    private int bulkLength;
    private byte[] partial;
    private int filled;

    public RespDecoder(ProtocolLimits limits) {
        this.limits = limits;
        setCumulator(new ZeroingCumulator());
    }

    /**
     * The bytes of requests received but not yet decoded, as CLIENT LIST's {@code qbuf} (what the
     * query-buffer limit counts). Read from other threads without synchronisation: an estimate.
     */
    public long bufferedBytes() {
        return (long) actualReadableBytes() + filled;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        try {
            decodeAvailable(in, out);
        } finally {
            if (!in.isReadable()) {
                // a fully read buffer goes back to the pool; discardSomeReadBytes may have left copies of
                // request bytes past its writer index
                in.setZero(0, in.capacity());
            } else if (in.readerIndex() > start) {
                // what this call read, arguments and framing alike, in one stroke rather than per argument
                in.setZero(start, in.readerIndex() - start);
            }
        }
    }

    /**
     * Steps through count, length and bulk lines until one request is complete or the input runs
     * short: one call per request rather than one per line saves the caller's bookkeeping for each.
     * Never past one request, since it must run before the next is parsed (AUTH lifts the limits
     * that apply to what follows).
     */
    private void decodeAvailable(ByteBuf in, List<Object> out) {
        if (state == State.DISCARD) {
            drop(in);
            return;
        }
        if ((long) in.readableBytes() + filled > limits.queryBufferLimit()) {
            fail(in, out, ProtocolError.QUERY_BUFFER_LIMIT);
            return;
        }
        try {
            Object decoded;
            int before;
            do {
                before = in.readerIndex();
                decoded = decodeOne(in);
            } while (decoded == null && in.readerIndex() != before && in.isReadable());
            if (decoded != null) {
                out.add(decoded);
            }
        } catch (ProtocolViolation violation) {
            fail(in, out, violation.error());
        }
    }

    private void fail(ByteBuf in, List<Object> out, ProtocolError error) {
        state = State.DISCARD;
        dropPartialRequest();
        drop(in);
        out.add(error);
    }

    private void dropPartialRequest() {
        if (args != null) {
            Arrays.stream(args, 0, argIndex).forEach(arg -> Arrays.fill(arg, (byte) 0));
            args = null;
        }
        if (partial != null) {
            Arrays.fill(partial, (byte) 0);
            partial = null;
        }
    }

    private static void drop(ByteBuf in) {
        in.setZero(in.readerIndex(), in.readableBytes());
        in.skipBytes(in.readableBytes());
    }

    private Object decodeOne(ByteBuf in) {
        return switch (state) {
            case REQUEST -> in.getByte(in.readerIndex()) == '*' ? readMultibulkCount(in) : readInline(in);
            case BULK_LENGTH -> readBulkLength(in);
            case BULK_DATA -> readBulkData(in);
            case DISCARD -> null;
        };
    }

    private Object readMultibulkCount(ByteBuf in) {
        int lineEnd = lineEnd(in, "too big mbulk count string");
        if (lineEnd < 0) {
            return null;
        }
        long count = Numbers.parseLong(in, in.readerIndex() + 1, lineEnd);
        in.readerIndex(lineEnd + 2);
        if (count == Numbers.INVALID || count > Integer.MAX_VALUE) {
            throw new ProtocolViolation("invalid multibulk length");
        }
        if (count > UNAUTHENTICATED_MAX_ARGS && !limits.authenticated()) {
            throw new ProtocolViolation("unauthenticated multibulk length");
        }
        if (count <= 0) {
            return null;
        }
        expectedArgs = (int) count;
        args = new byte[Math.min(expectedArgs, INITIAL_ARGS_CAPACITY)][];
        argIndex = 0;
        state = State.BULK_LENGTH;
        return null;
    }

    private Object readBulkLength(ByteBuf in) {
        int lineEnd = lineEnd(in, "too big bulk count string");
        if (lineEnd < 0) {
            return null;
        }
        byte first = in.getByte(in.readerIndex());
        if (first != '$') {
            throw new ProtocolViolation("expected '$', got '" + (char) (first & 0xff) + "'");
        }
        long length = Numbers.parseLong(in, in.readerIndex() + 1, lineEnd);
        in.readerIndex(lineEnd + 2);
        if (length == Numbers.INVALID || length < 0 || length > limits.maxBulkLength()
                || length > Integer.MAX_VALUE - 2) {
            throw new ProtocolViolation("invalid bulk length");
        }
        if (length > UNAUTHENTICATED_MAX_BULK && !limits.authenticated()) {
            throw new ProtocolViolation("unauthenticated bulk length");
        }
        bulkLength = (int) length;
        state = State.BULK_DATA;
        return null;
    }

    private Object readBulkData(ByteBuf in) {
        if (bulkLength > STREAMED_BULK) {
            return streamBulkData(in);
        }
        if (in.readableBytes() < bulkLength + 2) {
            return null;
        }
        byte[] arg = new byte[bulkLength];
        copyOut(in, arg, 0, bulkLength);
        in.skipBytes(2);
        return argumentDone(arg);
    }

    /**
     * A large bulk is copied into an array that grows by doubling with what actually arrived (a client
     * announcing 512 MB and sending nothing costs nothing), so the network buffer stays small.
     */
    private Object streamBulkData(ByteBuf in) {
        if (partial == null) {
            partial = new byte[STREAMED_BULK];
            filled = 0;
        }
        int n = Math.min(in.readableBytes(), bulkLength - filled);
        if (filled + n > partial.length) {
            partial = grow(partial, Math.min(bulkLength, Math.max(filled + n, partial.length * 2)));
        }
        copyOut(in, partial, filled, n);
        filled += n;
        if (filled < bulkLength || in.readableBytes() < 2) {
            return null;
        }
        in.skipBytes(2);
        byte[] arg = partial;
        partial = null;
        filled = 0;
        return argumentDone(arg);
    }

    private static byte[] grow(byte[] array, int length) {
        byte[] larger = Arrays.copyOf(array, length);
        Arrays.fill(array, (byte) 0);
        return larger;
    }

    /** Copies argument bytes out of the network buffer; {@link #decode} zeroes them there before it returns. */
    private static void copyOut(ByteBuf in, byte[] into, int offset, int length) {
        in.readBytes(into, offset, length);
    }

    private Object argumentDone(byte[] arg) {
        if (argIndex == args.length) {
            args = Arrays.copyOf(args, Math.min(expectedArgs, args.length * 2));
        }
        args[argIndex++] = arg;
        if (argIndex < expectedArgs) {
            state = State.BULK_LENGTH;
            return null;
        }
        state = State.REQUEST;
        byte[][] request = args;
        args = null;
        return request;
    }

    private Object readInline(ByteBuf in) {
        int newline = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
        if (newline < 0) {
            if (in.readableBytes() > MAX_INLINE) {
                throw new ProtocolViolation("too big inline request");
            }
            return null;
        }
        int end = newline > in.readerIndex() && in.getByte(newline - 1) == '\r' ? newline - 1 : newline;
        byte[] line = new byte[end - in.readerIndex()];
        in.getBytes(in.readerIndex(), line);
        in.readerIndex(newline + 1);
        byte[][] request = InlineParser.split(line);
        Arrays.fill(line, (byte) 0);
        if (request == null) {
            throw new ProtocolViolation("unbalanced quotes in request");
        }
        if (request.length == 0) {
            return null;
        }
        if (isHttp(request[0])) {
            Arrays.stream(request).forEach(arg -> Arrays.fill(arg, (byte) 0));
            throw new ProtocolViolation(ProtocolError.SECURITY);
        }
        return request;
    }

    private static boolean isHttp(byte[] first) {
        return Numbers.equalsIgnoreCase(first, "post") || Numbers.equalsIgnoreCase(first, "host:");
    }

    /** The index of the CR of a complete length line, or -1 when more input is needed. */
    private static int lineEnd(ByteBuf in, String tooBig) {
        int cr = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\r');
        if (cr < 0 || cr + 1 >= in.writerIndex()) {
            if (in.readableBytes() > MAX_INLINE) {
                throw new ProtocolViolation(tooBig);
            }
            return -1;
        }
        return cr;
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        dropPartialRequest();
        drop(in);
    }
}
