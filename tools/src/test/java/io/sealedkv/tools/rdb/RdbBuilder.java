package io.sealedkv.tools.rdb;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Builds RDB files byte by byte from the format description, for the encodings Redis 7.0 no longer
 * writes (ziplists, zipmaps, text scores, version 9 and 11 files) and for damaged files. Entries of
 * ziplists and listpacks are Strings (as bytes) or Longs (in the smallest integer encoding).
 */
final class RdbBuilder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    RdbBuilder(int version) {
        raw(String.format("REDIS%04d", version).getBytes(StandardCharsets.US_ASCII));
    }

    RdbBuilder raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    RdbBuilder u8(int b) {
        out.write(b);
        return this;
    }

    RdbBuilder little(long value, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out.write((int) (value >>> (8 * i)));
        }
        return this;
    }

    RdbBuilder length(long n) {
        if (n < 64) {
            return u8((int) n);
        }
        if (n < 16384) {
            return u8(0x40 | (int) (n >> 8)).u8((int) n & 0xFF);
        }
        u8(0x80);
        for (int shift = 24; shift >= 0; shift -= 8) {
            u8((int) (n >>> shift) & 0xFF);
        }
        return this;
    }

    RdbBuilder string(byte[] bytes) {
        return length(bytes.length).raw(bytes);
    }

    RdbBuilder string(String text) {
        return string(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** An integer-encoded string: 0xC0 int8, 0xC1 int16, 0xC2 int32. */
    RdbBuilder intString(long value) {
        if (value == (byte) value) {
            return u8(0xC0).little(value, 1);
        }
        if (value == (short) value) {
            return u8(0xC1).little(value, 2);
        }
        return u8(0xC2).little(value, 4);
    }

    /** An LZF string: compressed bytes (raw LZF, no header) and the length they expand to. */
    RdbBuilder lzfString(byte[] compressed, int length) {
        return u8(0xC3).length(compressed.length).length(length).raw(compressed);
    }

    RdbBuilder aux(String name, String value) {
        return u8(RdbFormat.OPCODE_AUX).string(name).string(value);
    }

    RdbBuilder selectDb(int db) {
        return u8(RdbFormat.OPCODE_SELECTDB).length(db);
    }

    RdbBuilder key(int type, String key) {
        return u8(type).string(key);
    }

    /** The end marker and the CRC-64 trailer. */
    byte[] finish() {
        u8(RdbFormat.OPCODE_EOF);
        byte[] body = out.toByteArray();
        Crc64 crc = new Crc64();
        crc.update(body, 0, body.length);
        little(crc.value(), 8);
        return out.toByteArray();
    }

    /** The end marker with no trailer (versions before 5). */
    byte[] finishWithoutChecksum() {
        u8(RdbFormat.OPCODE_EOF);
        return out.toByteArray();
    }

    static byte[] ziplist(List<Object> entries) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int previous = 0;
        int tail = 10;
        for (Object entry : entries) {
            tail = 10 + body.size();
            ByteArrayOutputStream e = new ByteArrayOutputStream();
            if (previous < 254) {
                e.write(previous);
            } else {
                e.write(0xFE);
                writeLittle(e, previous, 4);
            }
            if (entry instanceof Long v) {
                if (v >= 0 && v <= 12) {
                    e.write(0xF1 + v.intValue());
                } else if (v == (byte) (long) v) {
                    e.write(0xFE);
                    writeLittle(e, v, 1);
                } else if (v == (short) (long) v) {
                    e.write(0xC0);
                    writeLittle(e, v, 2);
                } else if (v >= -(1 << 23) && v < (1 << 23)) {
                    e.write(0xF0);
                    writeLittle(e, v, 3);
                } else if (v == (int) (long) v) {
                    e.write(0xD0);
                    writeLittle(e, v, 4);
                } else {
                    e.write(0xE0);
                    writeLittle(e, v, 8);
                }
            } else {
                byte[] s = ((String) entry).getBytes(StandardCharsets.ISO_8859_1);
                if (s.length < 64) {
                    e.write(s.length);
                } else if (s.length < 16384) {
                    e.write(0x40 | (s.length >> 8));
                    e.write(s.length & 0xFF);
                } else {
                    e.write(0x80);
                    e.write(s.length >>> 24);
                    e.write(s.length >>> 16);
                    e.write(s.length >>> 8);
                    e.write(s.length);
                }
                e.writeBytes(s);
            }
            previous = e.size();
            body.writeBytes(e.toByteArray());
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        writeLittle(all, 10 + body.size() + 1, 4);
        writeLittle(all, tail, 4);
        writeLittle(all, entries.size(), 2);
        all.writeBytes(body.toByteArray());
        all.write(0xFF);
        return all.toByteArray();
    }

    static byte[] listpack(List<Object> entries) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Object entry : entries) {
            ByteArrayOutputStream e = new ByteArrayOutputStream();
            if (entry instanceof Long v) {
                if (v >= 0 && v <= 127) {
                    e.write(v.intValue());
                } else if (v >= -4096 && v < 4096) {
                    int u = (int) (v & 0x1FFF);
                    e.write(0xC0 | (u >> 8));
                    e.write(u & 0xFF);
                } else if (v == (short) (long) v) {
                    e.write(0xF1);
                    writeLittle(e, v, 2);
                } else if (v >= -(1 << 23) && v < (1 << 23)) {
                    e.write(0xF2);
                    writeLittle(e, v, 3);
                } else if (v == (int) (long) v) {
                    e.write(0xF3);
                    writeLittle(e, v, 4);
                } else {
                    e.write(0xF4);
                    writeLittle(e, v, 8);
                }
            } else {
                byte[] s = ((String) entry).getBytes(StandardCharsets.ISO_8859_1);
                if (s.length < 64) {
                    e.write(0x80 | s.length);
                } else if (s.length < 4096) {
                    e.write(0xE0 | (s.length >> 8));
                    e.write(s.length & 0xFF);
                } else {
                    e.write(0xF0);
                    writeLittle(e, s.length, 4);
                }
                e.writeBytes(s);
            }
            int length = e.size();
            if (length <= 127) {
                e.write(length);
            } else if (length < 16383) {
                e.write(length >> 7);
                e.write((length & 127) | 128);
            } else {
                e.write(length >> 14);
                e.write(((length >> 7) & 127) | 128);
                e.write((length & 127) | 128);
            }
            body.writeBytes(e.toByteArray());
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        writeLittle(all, 6 + body.size() + 1, 4);
        writeLittle(all, entries.size(), 2);
        all.writeBytes(body.toByteArray());
        all.write(0xFF);
        return all.toByteArray();
    }

    static byte[] intset(int width, long... values) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        writeLittle(all, width, 4);
        writeLittle(all, values.length, 4);
        for (long v : values) {
            writeLittle(all, v, width);
        }
        return all.toByteArray();
    }

    /** A zipmap of field, value, field, value ...; each value followed by one free byte. */
    static byte[] zipmap(String... items) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.write(items.length / 2);
        for (int i = 0; i < items.length; i++) {
            byte[] s = items[i].getBytes(StandardCharsets.ISO_8859_1);
            if (s.length < 254) {
                all.write(s.length);
            } else {
                all.write(254);
                writeLittle(all, s.length, 4);
            }
            if (i % 2 == 1) {
                all.write(1);
            }
            all.writeBytes(s);
            if (i % 2 == 1) {
                all.write(0);
            }
        }
        all.write(0xFF);
        return all.toByteArray();
    }

    private static void writeLittle(ByteArrayOutputStream out, long value, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out.write((int) (value >>> (8 * i)));
        }
    }
}
