package io.sealedkv.tools.rdb;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a ziplist (Redis before 7.0): total bytes (uint32 LE), tail offset (uint32 LE), entry count
 * (uint16 LE, 65535 meaning "count them"), entries, 0xFF. An entry is the previous entry's length
 * (1 byte, or 0xFE and 4 bytes LE), an encoding and its data: {@code 00xxxxxx} / {@code 01xxxxxx
 * yyyyyyyy} (big-endian) / {@code 10000000} + 4 bytes BE string lengths; {@code 0xC0} int16, {@code 0xD0}
 * int32, {@code 0xE0} int64, {@code 0xF0} int24, {@code 0xFE} int8 (little-endian); {@code 0xF1..0xFD} the
 * immediate values 0..12.
 */
final class Ziplist {
    private Ziplist() {
    }

    static List<byte[]> entries(byte[] bytes) throws BadRdbException {
        Blob blob = new Blob(bytes, "ziplist");
        long total = blob.little(4, false);
        if (total != bytes.length) {
            throw blob.bad("its header says " + total + " bytes, it has " + bytes.length);
        }
        blob.little(4, false);
        int declared = (int) blob.little(2, false);
        List<byte[]> entries = new ArrayList<>(Math.min(declared, 1024));
        while (true) {
            int first = blob.peek();
            if (first == 0xFF) {
                blob.u8();
                break;
            }
            int previous = blob.u8();
            if (previous == 0xFE) {
                blob.little(4, false);
            }
            entries.add(entry(blob));
        }
        if (blob.position() != bytes.length) {
            throw blob.bad("bytes after its end marker");
        }
        if (declared != 0xFFFF && declared != entries.size()) {
            throw blob.bad("its header counts " + declared + " entries, it holds " + entries.size());
        }
        return entries;
    }

    private static byte[] entry(Blob blob) throws BadRdbException {
        int encoding = blob.u8();
        switch (encoding >>> 6) {
            case 0:
                return blob.take(encoding & 0x3F);
            case 1:
                return blob.take(((long) (encoding & 0x3F) << 8) | blob.u8());
            case 2:
                if (encoding != 0x80) {
                    throw blob.bad("unknown entry encoding 0x" + Integer.toHexString(encoding));
                }
                return blob.take(blob.big(4));
            default:
                break;
        }
        return switch (encoding) {
            case 0xC0 -> RdbInput.decimal(blob.little(2, true));
            case 0xD0 -> RdbInput.decimal(blob.little(4, true));
            case 0xE0 -> RdbInput.decimal(blob.little(8, true));
            case 0xF0 -> RdbInput.decimal(blob.little(3, true));
            case 0xFE -> RdbInput.decimal(blob.little(1, true));
            default -> {
                if (encoding >= 0xF1 && encoding <= 0xFD) {
                    yield RdbInput.decimal(encoding - 0xF1);
                }
                throw blob.bad("unknown entry encoding 0x" + Integer.toHexString(encoding));
            }
        };
    }
}
