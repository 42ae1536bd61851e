package io.sealedkv.engine.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Writes replies for one connection in the protocol it negotiated (RESP2 by default, RESP3 after
 * {@code HELLO 3}). Aggregate and null types degrade in RESP2 exactly as Redis degrades them: maps become
 * flat arrays, sets arrays, verbatim strings bulk strings, nulls {@code $-1}.
 * When muted ({@code CLIENT REPLY OFF/SKIP}) every reply is dropped.
 *
 * <p>The target buffer never grows in place: growing a pooled buffer would return the old memory, with
 * the replies' plaintext, to the pool unzeroed. A full buffer is copied into a larger one and zeroed
 * before its release, so {@link #target()} may change while replies are written.
 */
public final class RespWriter {
    /** CR LF as one big-endian short: one store instead of a 2-byte array copy, twice per bulk string. */
    private static final int CRLF = ('\r' << 8) | '\n';
    private static final int CRLF_LENGTH = 2;
    private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_BULK = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL3 = "_\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_ARRAY = "*-1\r\n".getBytes(StandardCharsets.US_ASCII);
    /** A type byte, a long in decimal and CRLF. */
    private static final int HEADER = 1 + 20 + 2;

    private ByteBuf out;
    private int protocol = 2;
    private boolean muted;
    /** Pairs of positions [from, to) of pushes written since the last {@link #mark}. */
    private int[] kept = new int[8];
    private int keptCount;

    /** Directs the following replies into {@code buffer}. */
    public void target(ByteBuf buffer) {
        this.out = buffer;
    }

    /** The buffer holding the replies written so far. */
    public ByteBuf target() {
        return out;
    }

    /**
     * How many reply bytes the target holds now: where a command's reply begins, for {@link #discardFrom}. A
     * new mark forgets the pushes {@link #keep kept} since the last one.
     */
    public int mark() {
        keptCount = 0;
        return position();
    }

    /** How many reply bytes the target holds now. */
    public int position() {
        return out == null ? 0 : out.readableBytes();
    }

    /**
     * Marks the bytes from {@code from} to {@code to} (positions) as a push (a pub/sub message, a keyspace
     * event): out of band, not part of the command's reply, so {@link #discardFrom} keeps them.
     */
    public void keep(int from, int to) {
        if (keptCount == kept.length) {
            kept = Arrays.copyOf(kept, 2 * kept.length);
        }
        kept[keptCount++] = from;
        kept[keptCount++] = to;
    }

    /**
     * Drops, zeroed, what was written since {@code mark}: the part of a reply a failed command had begun (an
     * array header and the elements before the failure), so that its error goes out alone; the pushes written
     * meanwhile stay, in their order. Nothing is dropped when the target holds fewer bytes than the mark (it
     * was sent meanwhile).
     */
    public void discardFrom(int mark) {
        if (out == null || out.readableBytes() <= mark) {
            return;
        }
        byte[] pushes = keptSince(mark);
        int from = out.readerIndex() + mark;
        out.setZero(from, out.writerIndex() - from);
        out.writerIndex(from);
        out.writeBytes(pushes);
        Arrays.fill(pushes, (byte) 0);
        keptCount = 0;
    }

    private byte[] keptSince(int mark) {
        int length = 0;
        for (int i = 0; i < keptCount; i += 2) {
            length += kept[i] >= mark ? kept[i + 1] - kept[i] : 0;
        }
        byte[] pushes = new byte[length];
        int at = 0;
        for (int i = 0; i < keptCount; i += 2) {
            if (kept[i] >= mark) {
                out.getBytes(out.readerIndex() + kept[i], pushes, at, kept[i + 1] - kept[i]);
                at += kept[i + 1] - kept[i];
            }
        }
        return pushes;
    }

    public int protocol() {
        return protocol;
    }

    public void protocol(int version) {
        this.protocol = version;
    }

    public boolean resp3() {
        return protocol == 3;
    }

    public void muted(boolean muted) {
        this.muted = muted;
    }

    public boolean muted() {
        return muted;
    }

    public void ok() {
        if (!muted) {
            room(OK.length);
            out.writeBytes(OK);
        }
    }

    public void simple(String text) {
        if (!muted) {
            room(3 + text.length());
            out.writeByte('+');
            writeAscii(text);
            out.writeShort(CRLF);
        }
    }

    /** An error reply; {@code message} starts with its code, e.g. {@code ERR syntax error}. */
    public void error(String message) {
        error(message.getBytes(StandardCharsets.UTF_8));
    }

    /** An error line of raw bytes (Redis quotes client bytes in some errors as they are). */
    public void error(byte[] message) {
        if (!muted) {
            room(3 + message.length);
            out.writeByte('-');
            for (byte b : message) {
                out.writeByte(b == '\r' || b == '\n' ? ' ' : b);
            }
            out.writeShort(CRLF);
        }
    }

    /** An array of status lines, as HELP subcommands reply. */
    public void lines(List<String> lines) {
        array(lines.size());
        lines.forEach(this::simple);
    }

    public void integer(long value) {
        if (!muted) {
            room(HEADER);
            out.writeByte(':');
            writeDecimal(value);
            out.writeShort(CRLF);
        }
    }

    public void bulk(byte[] value) {
        bulk(value, 0, value.length);
    }

    public void bulk(byte[] value, int offset, int length) {
        if (!muted) {
            room(HEADER + length + CRLF_LENGTH);
            out.writeByte('$');
            writeDecimal(length);
            out.writeShort(CRLF);
            out.writeBytes(value, offset, length);
            out.writeShort(CRLF);
        }
    }

    /**
     * Bulk strings {@linkplain #frameBulk framed} beforehand (the same in RESP2 and RESP3), copied as they are:
     * bytes {@code [offset, offset + length)} of {@code framed}.
     */
    public void framedBulks(byte[] framed, int offset, int length) {
        if (!muted) {
            room(length);
            out.writeBytes(framed, offset, length);
        }
    }

    /** Bytes a bulk string of {@code length} bytes takes, framed. */
    public static int framedSize(int length) {
        return 1 + digits(-(long) length) + CRLF_LENGTH + length + CRLF_LENGTH;
    }

    /**
     * Frames bytes {@code [offset, offset + length)} of {@code value} as a bulk string into {@code into} at
     * {@code at}, which has {@link #framedSize} bytes of room; returns the position after it.
     */
    public static int frameBulk(byte[] value, int offset, int length, byte[] into, int at) {
        into[at++] = '$';
        int end = at + digits(-(long) length);
        for (int rest = length, i = end; i > at; rest /= 10) {
            into[--i] = (byte) ('0' + rest % 10);
        }
        at = end;
        into[at++] = '\r';
        into[at++] = '\n';
        System.arraycopy(value, offset, into, at, length);
        at += length;
        into[at++] = '\r';
        into[at++] = '\n';
        return at;
    }

    public void bulk(String value) {
        bulk(value.getBytes(StandardCharsets.UTF_8));
    }

    public void bulk(long value) {
        bulk(Long.toString(value));
    }

    /** A floating-point number already printed as Redis prints it: RESP3 {@code ,text}, RESP2 a bulk string. */
    public void doubleValue(String text) {
        if (!resp3()) {
            bulk(text);
        } else if (!muted) {
            room(3 + text.length());
            out.writeByte(',');
            writeAscii(text);
            out.writeShort(CRLF);
        }
    }

    /** A bulk string or null. */
    public void bulkOrNull(byte[] value) {
        if (value == null) {
            nullBulk();
        } else {
            bulk(value);
        }
    }

    public void nullBulk() {
        if (!muted) {
            room(NULL_BULK.length);
            out.writeBytes(resp3() ? NULL3 : NULL_BULK);
        }
    }

    /** An out-of-band message (pub/sub): a RESP3 push, a plain array in RESP2. */
    public void push(int length) {
        header(resp3() ? '>' : '*', length);
    }

    /** A missing array: RESP2 {@code *-1}, RESP3 null (LPOP with a count on a missing key, a BLPOP timeout). */
    public void nullArray() {
        if (!muted) {
            room(NULL_ARRAY.length);
            out.writeBytes(resp3() ? NULL3 : NULL_ARRAY);
        }
    }

    public void array(int length) {
        header('*', length);
    }

    /** A map of {@code pairs} entries: RESP3 {@code %}, RESP2 a flat array of twice the length. */
    public void map(int pairs) {
        if (resp3()) {
            header('%', pairs);
        } else {
            header('*', pairs * 2);
        }
    }

    public void set(int length) {
        header(resp3() ? '~' : '*', length);
    }

    /** Free text such as INFO or CLIENT LIST: a verbatim string in RESP3, a bulk string in RESP2. */
    public void verbatim(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (!resp3()) {
            bulk(bytes);
        } else if (!muted) {
            room(HEADER + 4 + bytes.length + CRLF_LENGTH);
            out.writeByte('=');
            writeDecimal(bytes.length + 4);
            out.writeShort(CRLF);
            writeAscii("txt:");
            out.writeBytes(bytes);
            out.writeShort(CRLF);
        }
    }

    private void header(char type, long length) {
        if (!muted) {
            room(HEADER);
            out.writeByte(type);
            writeDecimal(length);
            out.writeShort(CRLF);
        }
    }

    /**
     * Copies {@code encoded}, a message already encoded in this writer's protocol (a push another thread
     * encoded), into the target, muted or not: pushed messages are not replies.
     */
    public void raw(ByteBuf encoded) {
        room(encoded.readableBytes());
        out.writeBytes(encoded, encoded.readerIndex(), encoded.readableBytes());
    }

    /** Makes room for {@code bytes} more bytes by moving to a larger buffer, never by growing in place. */
    private void room(int bytes) {
        if (out.writableBytes() >= bytes) {
            return;
        }
        ByteBufAllocator alloc = out.alloc();
        ByteBuf larger = alloc.ioBuffer(alloc.calculateNewCapacity(out.readableBytes() + bytes, Integer.MAX_VALUE));
        larger.writeBytes(out);
        out.setZero(0, out.capacity());
        out.release();
        out = larger;
    }

    private void writeAscii(String text) {
        out.writeCharSequence(text, StandardCharsets.US_ASCII);
    }

    /**
     * Writes {@code value} in decimal straight into the target (every header and integer reply passes here:
     * no String, no scratch array that would keep the last number a reply held). The caller made room for it.
     * Works on the negative magnitude, so {@link Long#MIN_VALUE} needs no special case.
     */
    private void writeDecimal(long value) {
        if (value >= 0 && value < 10) {
            out.writeByte('0' + (int) value);
            return;
        }
        long rest = value < 0 ? value : -value;
        int start = out.writerIndex();
        int end = start + (value < 0 ? 1 : 0) + digits(rest);
        int at = end;
        do {
            out.setByte(--at, (int) ('0' - rest % 10));
            rest /= 10;
        } while (rest != 0);
        if (value < 0) {
            out.setByte(start, '-');
        }
        out.writerIndex(end);
    }

    /** The decimal digits of a number given as its negative magnitude (at most 0). */
    private static int digits(long negative) {
        int digits = 1;
        for (long rest = negative; rest <= -10; rest /= 10) {
            digits++;
        }
        return digits;
    }
}
