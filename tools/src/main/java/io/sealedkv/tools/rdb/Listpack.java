package io.sealedkv.tools.rdb;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a listpack (Redis 7): total bytes (uint32 LE), element count (uint16 LE, 65535 meaning "count
 * them"), entries, 0xFF. An entry is an encoding with its data followed by the entry's length written
 * backwards in 1 to 5 bytes. Encodings: {@code 0xxxxxxx} 7-bit unsigned; {@code 10xxxxxx} string of up to
 * 63 bytes; {@code 110xxxxx yyyyyyyy} 13-bit signed; {@code 1110xxxx yyyyyyyy} string of up to 4095 bytes;
 * {@code 0xF0} + 4 bytes LE string length; {@code 0xF1/F2/F3/F4} int16/24/32/64 LE.
 */
final class Listpack {
    private Listpack() {
    }

    static List<byte[]> entries(byte[] bytes) throws BadRdbException {
        Blob blob = new Blob(bytes, "listpack");
        long total = blob.little(4, false);
        if (total != bytes.length) {
            throw blob.bad("its header says " + total + " bytes, it has " + bytes.length);
        }
        int declared = (int) blob.little(2, false);
        List<byte[]> entries = new ArrayList<>(Math.min(declared, 1024));
        while (blob.peek() != 0xFF) {
            int start = blob.position();
            byte[] entry = entry(blob);
            blob.skip(backlenSize(blob.position() - start));
            entries.add(entry);
        }
        blob.u8();
        if (blob.position() != bytes.length) {
            throw blob.bad("bytes after its end marker");
        }
        if (declared != 0xFFFF && declared != entries.size()) {
            throw blob.bad("its header counts " + declared + " entries, it holds " + entries.size());
        }
        return entries;
    }

    private static int backlenSize(int entryLength) {
        return entryLength <= 127 ? 1 : entryLength < 16383 ? 2 : entryLength < 2097151 ? 3
                : entryLength < 268435455 ? 4 : 5;
    }

    private static byte[] entry(Blob blob) throws BadRdbException {
        int encoding = blob.u8();
        if ((encoding & 0x80) == 0) {
            return RdbInput.decimal(encoding);
        }
        if ((encoding & 0xC0) == 0x80) {
            return blob.take(encoding & 0x3F);
        }
        if ((encoding & 0xE0) == 0xC0) {
            int value = ((encoding & 0x1F) << 8) | blob.u8();
            return RdbInput.decimal(value >= 1 << 12 ? value - (1 << 13) : value);
        }
        if ((encoding & 0xF0) == 0xE0) {
            return blob.take(((encoding & 0x0F) << 8) | blob.u8());
        }
        return switch (encoding) {
            case 0xF0 -> blob.take(blob.little(4, false));
            case 0xF1 -> RdbInput.decimal(blob.little(2, true));
            case 0xF2 -> RdbInput.decimal(blob.little(3, true));
            case 0xF3 -> RdbInput.decimal(blob.little(4, true));
            case 0xF4 -> RdbInput.decimal(blob.little(8, true));
            default -> throw blob.bad("unknown entry encoding 0x" + Integer.toHexString(encoding));
        };
    }
}
