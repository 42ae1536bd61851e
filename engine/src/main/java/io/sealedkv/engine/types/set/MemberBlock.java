package io.sealedkv.engine.types.set;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The plaintext of a small set's one sealed block: the member count, then each member as its length
 * and its bytes, lengths and count as unsigned LEB128 varints. Members of an intset-like block are
 * kept in ascending integer order (SMEMBERS lists them so, as Redis's intset does); other blocks keep
 * insertion order, as a listpack does.
 */
public final class MemberBlock {
    private MemberBlock() {
    }

    /** The block holding {@code members}; the caller wipes it once sealed. */
    public static byte[] encode(List<byte[]> members) {
        int length = varintLength(members.size());
        for (byte[] member : members) {
            length += varintLength(member.length) + member.length;
        }
        byte[] block = new byte[length];
        int at = putVarint(block, 0, members.size());
        for (byte[] member : members) {
            at = putVarint(block, at, member.length);
            System.arraycopy(member, 0, block, at, member.length);
            at += member.length;
        }
        return block;
    }

    /** The members of a block; each a fresh array the caller wipes. */
    public static List<byte[]> decode(byte[] block) {
        int[] at = {0};
        int count = readVarint(block, at);
        List<byte[]> members = new ArrayList<>(Math.min(count, block.length));
        for (int i = 0; i < count; i++) {
            int length = readVarint(block, at);
            if (length > block.length - at[0]) {
                throw new IllegalStateException("set block cut short");
            }
            members.add(Arrays.copyOfRange(block, at[0], at[0] + length));
            at[0] += length;
        }
        if (at[0] != block.length) {
            throw new IllegalStateException("set block has trailing bytes");
        }
        return members;
    }

    private static int varintLength(int value) {
        int length = 1;
        while ((value >>>= 7) != 0) {
            length++;
        }
        return length;
    }

    private static int putVarint(byte[] out, int at, int value) {
        while ((value & ~0x7f) != 0) {
            out[at++] = (byte) ((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out[at++] = (byte) value;
        return at;
    }

    private static int readVarint(byte[] in, int[] at) {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (at[0] >= in.length) {
                throw new IllegalStateException("set block cut short");
            }
            int b = in[at[0]++];
            value |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                if (value < 0) {
                    throw new IllegalStateException("set block length out of range");
                }
                return value;
            }
        }
        throw new IllegalStateException("set block varint too long");
    }
}
