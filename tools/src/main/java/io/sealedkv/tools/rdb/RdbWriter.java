package io.sealedkv.tools.rdb;

import java.io.IOException;
import java.util.List;

/**
 * Writes values in the RDB types every Redis since 2.8 reads, whatever their size: strings raw, lists
 * as type 1 (count, elements), sets as type 2, sorted sets as type 5 (binary scores), hashes as type 4;
 * the loading Redis picks its own encodings. Keys with an expiry get an EXPIRETIME_MS item first.
 */
final class RdbWriter {
    private final RdbOutput out;

    RdbWriter(RdbOutput out) {
        this.out = out;
    }

    void header(int version, long ctimeSeconds) throws IOException {
        out.writeAscii(String.format("REDIS%04d", version));
        aux("redis-ver", "7.0.15");
        aux("redis-bits", "64");
        aux("ctime", Long.toString(ctimeSeconds));
        aux("used-mem", "0");
        aux("aof-base", "0");
    }

    private void aux(String name, String value) throws IOException {
        out.writeByte(RdbFormat.OPCODE_AUX);
        out.writeString(name.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.writeString(value.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /**
     * Starts database {@code index}. No RESIZEDB follows: it is only a sizing hint (Redis reads files
     * without it), and a streamed export does not know a database's size before its keys.
     */
    void database(int index) throws IOException {
        out.writeByte(RdbFormat.OPCODE_SELECTDB);
        out.writeLength(index);
    }

    /** One key; {@code expireAtMillis} -1 for none. */
    void key(byte[] key, long expireAtMillis, RdbValue value) throws IOException {
        if (expireAtMillis >= 0) {
            out.writeByte(RdbFormat.OPCODE_EXPIRETIME_MS);
            out.writeLittleEndian(expireAtMillis, 8);
        }
        if (value instanceof RdbValue.Str s) {
            out.writeByte(RdbFormat.TYPE_STRING);
            out.writeString(key);
            out.writeString(s.value());
        } else if (value instanceof RdbValue.ListOf l) {
            out.writeByte(RdbFormat.TYPE_LIST);
            out.writeString(key);
            strings(l.elements());
        } else if (value instanceof RdbValue.SetOf s) {
            out.writeByte(RdbFormat.TYPE_SET);
            out.writeString(key);
            strings(s.members());
        } else if (value instanceof RdbValue.HashOf h) {
            out.writeByte(RdbFormat.TYPE_HASH);
            out.writeString(key);
            out.writeLength(h.fields().size());
            for (int i = 0; i < h.fields().size(); i++) {
                out.writeString(h.fields().get(i));
                out.writeString(h.values().get(i));
            }
        } else {
            RdbValue.ZSetOf z = (RdbValue.ZSetOf) value;
            out.writeByte(RdbFormat.TYPE_ZSET_2);
            out.writeString(key);
            out.writeLength(z.members().size());
            for (int i = 0; i < z.members().size(); i++) {
                out.writeString(z.members().get(i));
                out.writeBinaryDouble(z.scores()[i]);
            }
        }
    }

    private void strings(List<byte[]> items) throws IOException {
        out.writeLength(items.size());
        for (byte[] item : items) {
            out.writeString(item);
        }
    }

    void finish() throws IOException {
        out.finish();
    }
}
