package io.sealedkv.engine.command.set;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Opened members while a command computes on them: compared by content, wiped when done. */
final class Plain {
    private Plain() {
    }

    static ByteBuffer key(byte[] member) {
        return ByteBuffer.wrap(member);
    }

    /** The distinct members of {@code members}, first occurrence first (the arrays are not copied). */
    static Map<ByteBuffer, byte[]> distinct(List<byte[]> members) {
        Map<ByteBuffer, byte[]> distinct = new LinkedHashMap<>();
        for (byte[] member : members) {
            distinct.putIfAbsent(key(member), member);
        }
        return distinct;
    }

    static void wipe(Collection<byte[]> members) {
        for (byte[] member : members) {
            Arrays.fill(member, (byte) 0);
        }
    }
}
