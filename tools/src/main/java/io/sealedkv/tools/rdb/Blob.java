package io.sealedkv.tools.rdb;

import java.util.Arrays;

/** A bounds-checked cursor over one encoded container (ziplist, listpack, intset, zipmap) read from the file. */
final class Blob {
    private final byte[] bytes;
    private final String what;
    private int pos;

    Blob(byte[] bytes, String what) {
        this.bytes = bytes;
        this.what = what;
    }

    int position() {
        return pos;
    }

    int length() {
        return bytes.length;
    }

    void seek(int position) throws BadRdbException {
        if (position < 0 || position > bytes.length) {
            throw bad("offset " + position + " outside its " + bytes.length + " bytes");
        }
        pos = position;
    }

    int u8() throws BadRdbException {
        need(1);
        return bytes[pos++] & 0xFF;
    }

    int peek() throws BadRdbException {
        need(1);
        return bytes[pos] & 0xFF;
    }

    /** A little-endian integer of {@code n} bytes, sign-extended when {@code signed}. */
    long little(int n, boolean signed) throws BadRdbException {
        need(n);
        long value = 0;
        for (int i = 0; i < n; i++) {
            value |= (long) (bytes[pos + i] & 0xFF) << (8 * i);
        }
        pos += n;
        if (signed && n < 8) {
            int shift = 64 - 8 * n;
            value = (value << shift) >> shift;
        }
        return value;
    }

    long big(int n) throws BadRdbException {
        need(n);
        long value = 0;
        for (int i = 0; i < n; i++) {
            value = (value << 8) | (bytes[pos + i] & 0xFF);
        }
        pos += n;
        return value;
    }

    byte[] take(long n) throws BadRdbException {
        if (n < 0 || n > bytes.length - pos) {
            throw bad("an entry of " + n + " bytes at offset " + pos + " runs past its end");
        }
        byte[] out = Arrays.copyOfRange(bytes, pos, pos + (int) n);
        pos += (int) n;
        return out;
    }

    void skip(long n) throws BadRdbException {
        if (n < 0 || n > bytes.length - pos) {
            throw bad("a skip of " + n + " bytes at offset " + pos + " runs past its end");
        }
        pos += (int) n;
    }

    private void need(int n) throws BadRdbException {
        if (n > bytes.length - pos) {
            throw bad("ends at offset " + pos + " inside an entry");
        }
    }

    BadRdbException bad(String problem) {
        return new BadRdbException("bad " + what + ": " + problem);
    }
}
