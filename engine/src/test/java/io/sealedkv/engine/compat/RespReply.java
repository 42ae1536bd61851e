package io.sealedkv.engine.compat;

import java.util.Arrays;
import java.util.List;

/**
 * One reply as it came over the wire: its exact bytes, its type byte, the payload of a scalar and
 * the elements of an aggregate (a map's keys and values alternate).
 */
record RespReply(byte[] raw, char type, byte[] payload, List<RespReply> elements) {

    boolean isAggregate() {
        return elements != null;
    }

    /** Same type, same aggregate sizes all the way down; scalar contents may differ. */
    boolean sameShape(RespReply other) {
        if (type != other.type || isAggregate() != other.isAggregate()) {
            return false;
        }
        if (!isAggregate()) {
            return true;
        }
        if (elements.size() != other.elements.size()) {
            return false;
        }
        for (int i = 0; i < elements.size(); i++) {
            if (!elements.get(i).sameShape(other.elements.get(i))) {
                return false;
            }
        }
        return true;
    }

    boolean sameBytes(RespReply other) {
        return Arrays.equals(raw, other.raw);
    }
}
