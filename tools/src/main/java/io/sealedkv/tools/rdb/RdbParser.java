package io.sealedkv.tools.rdb;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses an RDB file ({@link RdbFormat}) item by item, handing each key to a {@link Handler} with its
 * database, expiry and value in clear. Value layouts by type byte:
 * <pre>
 * 0 string      a string                     1 list        count, strings
 * 2 set         count, strings               3 zset        count, (member, text score)
 * 4 hash        count, (field, value)        5 zset2       count, (member, 8-byte LE double)
 * 9 zipmap      string holding a zipmap      10 ziplist    string holding a ziplist of elements
 * 11 intset     string holding an intset     12/13         ziplist of (member, score) / (field, value)
 * 14 quicklist  count, ziplist strings       16/17         listpack of (field, value) / (member, score)
 * 18 quicklist2 count, (container length: 1 plain = one element string, 2 packed = listpack string)
 * 20 set        string holding a listpack    6, 7 modules; 15, 19, 21 streams: not supported
 * </pre>
 * Unsupported data (streams, modules, functions) is refused with an error naming it or, when asked,
 * skipped and counted. Values must be well formed: no empty collection parts, no duplicate members
 * or fields, an even number of items in pair containers.
 */
final class RdbParser {
    /** Where parsed keys go. */
    interface Handler {
        void aux(byte[] name, byte[] value) throws BadRdbException;

        /** A key; {@code expireAtMillis} is -1 without expiry. */
        void key(long db, byte[] key, long expireAtMillis, RdbValue value) throws BadRdbException;

        /** A key or item the parser skipped: {@code what} names its kind (stream, module, function ...). */
        void skipped(String what);

        /** The file has no checksum to verify: a zero CRC-64 ({@code rdbchecksum no}) or a version before 5. */
        default void unverified() {
        }
    }

    private final RdbInput in;
    private final Handler handler;
    private final boolean skipUnsupported;
    private int version;

    private RdbParser(RdbInput in, Handler handler, boolean skipUnsupported) {
        this.in = in;
        this.handler = handler;
        this.skipUnsupported = skipUnsupported;
    }

    /** Parses the whole file; returns its RDB version. */
    static int parse(RdbInput in, Handler handler, boolean skipUnsupported) throws BadRdbException {
        RdbParser parser = new RdbParser(in, handler, skipUnsupported);
        try {
            parser.header();
            parser.items();
            parser.trailer();
            return parser.version;
        } finally {
            in.wipe();
        }
    }

    private void header() throws BadRdbException {
        if (in.remaining() < 9) {
            throw new BadRdbException("not an RDB file: " + in.remaining() + " bytes are too few for its header");
        }
        byte[] magic = in.readBytes(9, "header");
        if (!new String(magic, 0, 5, StandardCharsets.US_ASCII).equals("REDIS")) {
            throw new BadRdbException("not an RDB file: it does not start with \"REDIS\" (bad magic)");
        }
        int parsed = 0;
        for (int i = 5; i < 9; i++) {
            if (magic[i] < '0' || magic[i] > '9') {
                throw new BadRdbException("not an RDB file: the version after \"REDIS\" is not 4 digits");
            }
            parsed = parsed * 10 + magic[i] - '0';
        }
        version = parsed;
        if (version < RdbFormat.MIN_VERSION || version > RdbFormat.MAX_VERSION) {
            throw new BadRdbException("unsupported RDB version " + version + " (this tool reads versions "
                    + RdbFormat.MIN_VERSION + " to " + RdbFormat.MAX_VERSION + ": up to Redis 7.2)");
        }
    }

    private void items() throws BadRdbException {
        long db = 0;
        long expireAt = -1;
        while (true) {
            long at = in.position();
            int type = in.readByte();
            switch (type) {
                // a time before 1970 is a time passed, not "no expiry"
                case RdbFormat.OPCODE_EXPIRETIME_MS -> expireAt = Math.max(0, in.readLittleEndian(8));
                case RdbFormat.OPCODE_EXPIRETIME -> expireAt = in.readLittleEndian(4) * 1000;
                case RdbFormat.OPCODE_FREQ -> in.readByte();
                case RdbFormat.OPCODE_IDLE -> in.readLength("idle time");
                case RdbFormat.OPCODE_SELECTDB -> db = in.readLength("database number");
                case RdbFormat.OPCODE_RESIZEDB -> {
                    in.readLength("database size hint");
                    in.readLength("expires size hint");
                }
                case RdbFormat.OPCODE_AUX -> handler.aux(in.readString("aux field name"), in.readString("aux field value"));
                case RdbFormat.OPCODE_MODULE_AUX -> {
                    unsupported("module auxiliary data (MODULE_AUX)", at);
                    skipModuleAux();
                }
                case RdbFormat.OPCODE_FUNCTION2 -> {
                    unsupported("a Redis function library (FUNCTION2)", at);
                    in.readString("function library");
                    handler.skipped("function");
                }
                case RdbFormat.OPCODE_FUNCTION_PRE_GA ->
                    throw new BadRdbException("the RDB holds functions in the pre-release format of Redis 7.0 RC"
                            + " (opcode 0xF6) at byte " + at + ", which cannot be read or skipped");
                case RdbFormat.OPCODE_EOF -> {
                    return;
                }
                default -> {
                    byte[] key = in.readString("key");
                    RdbValue value = value(type, at);
                    if (value != null) {
                        handler.key(db, key, expireAt, value);
                    } else {
                        Arrays.fill(key, (byte) 0);
                    }
                    expireAt = -1;
                }
            }
        }
    }

    private void trailer() throws BadRdbException {
        if (version < 5) {
            handler.unverified();
        } else {
            long computed = in.checksum();
            in.stopChecksum();
            if (in.remaining() < 8) {
                throw new BadRdbException("the file ends at byte " + in.position() + " inside the CRC-64 trailer (truncated)");
            }
            long stored = in.readLittleEndian(8);
            if (stored == 0) {
                handler.unverified();
            } else if (stored != computed) {
                throw new BadRdbException(String.format("CRC-64 mismatch: the file says %016x, its bytes give %016x"
                        + " (damaged file)", stored, computed));
            }
        }
        if (!in.atEnd()) {
            throw new BadRdbException("data after the end of the RDB at byte " + in.position());
        }
    }

    private void unsupported(String what, long at) throws BadRdbException {
        if (!skipUnsupported) {
            throw new BadRdbException("the RDB holds " + what + " at byte " + at + ", which SealedKV does not"
                    + " support (--skip-unsupported skips such data and reports how much)");
        }
    }

    /** The value of a key of {@code type}, or null when it was skipped. */
    private RdbValue value(int type, long at) throws BadRdbException {
        return switch (type) {
            case RdbFormat.TYPE_STRING -> new RdbValue.Str(in.readString("string value"));
            case RdbFormat.TYPE_LIST -> new RdbValue.ListOf(strings("list length"));
            case RdbFormat.TYPE_SET -> set(strings("set size"));
            case RdbFormat.TYPE_HASH -> hash(pairsOfStrings("hash size"));
            case RdbFormat.TYPE_ZSET, RdbFormat.TYPE_ZSET_2 -> zsetOfStrings(type == RdbFormat.TYPE_ZSET_2);
            case RdbFormat.TYPE_HASH_ZIPMAP -> hash(container("zipmap", Zipmap::pairs));
            case RdbFormat.TYPE_LIST_ZIPLIST -> new RdbValue.ListOf(container("ziplist", Ziplist::entries));
            case RdbFormat.TYPE_SET_INTSET -> set(container("intset", Intset::members));
            case RdbFormat.TYPE_ZSET_ZIPLIST -> zset(container("ziplist", Ziplist::entries));
            case RdbFormat.TYPE_HASH_ZIPLIST -> hash(container("ziplist", Ziplist::entries));
            case RdbFormat.TYPE_LIST_QUICKLIST -> quicklist(false);
            case RdbFormat.TYPE_HASH_LISTPACK -> hash(container("listpack", Listpack::entries));
            case RdbFormat.TYPE_ZSET_LISTPACK -> zset(container("listpack", Listpack::entries));
            case RdbFormat.TYPE_LIST_QUICKLIST_2 -> quicklist(true);
            case RdbFormat.TYPE_SET_LISTPACK -> set(container("listpack", Listpack::entries));
            case RdbFormat.TYPE_STREAM_LISTPACKS, RdbFormat.TYPE_STREAM_LISTPACKS_2, RdbFormat.TYPE_STREAM_LISTPACKS_3 -> {
                unsupported("a stream", at);
                skipStream(type);
                handler.skipped("stream");
                yield null;
            }
            case RdbFormat.TYPE_MODULE_2 -> {
                unsupported("a module value", at);
                in.readLength("module id");
                skipModuleOpcodes();
                handler.skipped("module");
                yield null;
            }
            case RdbFormat.TYPE_MODULE_PRE_GA -> throw new BadRdbException("the RDB holds a module value in the"
                    + " pre-release module format (type 6) at byte " + at + ", which cannot be read or skipped");
            default -> throw new BadRdbException("unknown value type " + type + " at byte " + at);
        };
    }

    /** A container reader; what it returns is copied out of the container. */
    private interface ContainerReader {
        List<byte[]> read(byte[] container) throws BadRdbException;
    }

    /** The items of a container string, which is wiped once read (it held values in clear). */
    private List<byte[]> container(String what, ContainerReader reader) throws BadRdbException {
        byte[] bytes = in.readString(what);
        try {
            return reader.read(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private List<byte[]> strings(String what) throws BadRdbException {
        long count = in.readCount(what, 1);
        List<byte[]> items = new ArrayList<>((int) Math.min(count, 1024));
        for (long i = 0; i < count; i++) {
            items.add(in.readString("element"));
        }
        return items;
    }

    private List<byte[]> pairsOfStrings(String what) throws BadRdbException {
        long count = in.readCount(what, 2);
        List<byte[]> items = new ArrayList<>((int) Math.min(2 * count, 1024));
        for (long i = 0; i < 2 * count; i++) {
            items.add(in.readString("element"));
        }
        return items;
    }

    private RdbValue zsetOfStrings(boolean binaryScores) throws BadRdbException {
        long count = in.readCount("zset size", binaryScores ? 9 : 2);
        List<byte[]> members = new ArrayList<>((int) Math.min(count, 1024));
        double[] scores = new double[(int) Math.min(count, 1024)];
        for (int i = 0; i < count; i++) {
            members.add(in.readString("zset member"));
            if (i == scores.length) {
                scores = Arrays.copyOf(scores, Math.min(2 * scores.length, (int) count));
            }
            scores[i] = binaryScores ? in.readBinaryDouble() : in.readTextDouble();
            if (Double.isNaN(scores[i])) {
                throw new BadRdbException("a zset score at byte " + in.position() + " is NaN");
            }
        }
        distinct(members, "zset member");
        return new RdbValue.ZSetOf(members, scores);
    }

    private RdbValue quicklist(boolean version2) throws BadRdbException {
        long nodes = in.readCount("quicklist node count", 1);
        List<byte[]> elements = new ArrayList<>();
        for (long i = 0; i < nodes; i++) {
            int container = RdbFormat.QUICKLIST_NODE_PACKED;
            if (version2) {
                long kind = in.readLength("quicklist node container");
                if (kind != RdbFormat.QUICKLIST_NODE_PLAIN && kind != RdbFormat.QUICKLIST_NODE_PACKED) {
                    throw new BadRdbException("unknown quicklist node container " + kind + " at byte " + in.position());
                }
                container = (int) kind;
            }
            if (container == RdbFormat.QUICKLIST_NODE_PLAIN) {
                elements.add(in.readString("plain quicklist node"));
                continue;
            }
            byte[] node = in.readString(version2 ? "listpack" : "ziplist");
            List<byte[]> entries = version2 ? Listpack.entries(node) : Ziplist.entries(node);
            Arrays.fill(node, (byte) 0);
            if (entries.isEmpty()) {
                throw new BadRdbException("an empty quicklist node before byte " + in.position());
            }
            elements.addAll(entries);
        }
        return new RdbValue.ListOf(elements);
    }

    private RdbValue set(List<byte[]> members) throws BadRdbException {
        distinct(members, "set member");
        return new RdbValue.SetOf(members);
    }

    private RdbValue hash(List<byte[]> items) throws BadRdbException {
        if (items.size() % 2 != 0) {
            throw new BadRdbException("a hash before byte " + in.position() + " has a field without a value");
        }
        List<byte[]> fields = new ArrayList<>(items.size() / 2);
        List<byte[]> values = new ArrayList<>(items.size() / 2);
        for (int i = 0; i < items.size(); i += 2) {
            fields.add(items.get(i));
            values.add(items.get(i + 1));
        }
        distinct(fields, "hash field");
        return new RdbValue.HashOf(fields, values);
    }

    private RdbValue zset(List<byte[]> items) throws BadRdbException {
        if (items.size() % 2 != 0) {
            throw new BadRdbException("a zset before byte " + in.position() + " has a member without a score");
        }
        List<byte[]> members = new ArrayList<>(items.size() / 2);
        double[] scores = new double[items.size() / 2];
        for (int i = 0; i < items.size(); i += 2) {
            members.add(items.get(i));
            scores[i / 2] = RdbInput.parseDouble(items.get(i + 1), "a zset score before byte " + in.position());
            if (Double.isNaN(scores[i / 2])) {
                throw new BadRdbException("a zset score before byte " + in.position() + " is NaN");
            }
        }
        distinct(members, "zset member");
        return new RdbValue.ZSetOf(members, scores);
    }

    private void distinct(List<byte[]> items, String what) throws BadRdbException {
        Set<ByteBuffer> seen = new HashSet<>(items.size() * 2);
        for (byte[] item : items) {
            if (!seen.add(ByteBuffer.wrap(item))) {
                throw new BadRdbException("a duplicate " + what + " before byte " + in.position());
            }
        }
    }

    private void skipStream(int type) throws BadRdbException {
        long listpacks = in.readCount("stream listpack count", 2);
        for (long i = 0; i < listpacks; i++) {
            wipe(in.readString("stream node key"));
            wipe(in.readString("stream listpack"));
        }
        in.readLength("stream length");
        in.readLength("stream last id");
        in.readLength("stream last id");
        if (type >= RdbFormat.TYPE_STREAM_LISTPACKS_2) {
            for (int i = 0; i < 5; i++) {
                in.readLength("stream id or counter");
            }
        }
        long groups = in.readCount("stream consumer group count", 3);
        for (long g = 0; g < groups; g++) {
            wipe(in.readString("consumer group name"));
            in.readLength("consumer group last id");
            in.readLength("consumer group last id");
            if (type >= RdbFormat.TYPE_STREAM_LISTPACKS_2) {
                in.readLength("consumer group entries read");
            }
            long pending = in.readCount("pending entry count", 25);
            for (long p = 0; p < pending; p++) {
                in.readBytes(16 + 8, "pending entry");
                in.readLength("delivery count");
            }
            long consumers = in.readCount("consumer count", 10);
            for (long c = 0; c < consumers; c++) {
                wipe(in.readString("consumer name"));
                in.readBytes(type >= RdbFormat.TYPE_STREAM_LISTPACKS_3 ? 16 : 8, "consumer times");
                long owned = in.readCount("consumer pending count", 16);
                in.readBytes(16 * owned, "consumer pending ids");
            }
        }
    }

    private void skipModuleAux() throws BadRdbException {
        in.readLength("module id");
        long whenOpcode = in.readLength("module aux when opcode");
        if (whenOpcode != RdbFormat.MODULE_OPCODE_UINT) {
            throw new BadRdbException("bad module aux data before byte " + in.position());
        }
        in.readLength("module aux when");
        skipModuleOpcodes();
        handler.skipped("module aux");
    }

    private void skipModuleOpcodes() throws BadRdbException {
        while (true) {
            long opcode = in.readLength("module opcode");
            switch ((int) Math.min(opcode, Integer.MAX_VALUE)) {
                case RdbFormat.MODULE_OPCODE_EOF -> {
                    return;
                }
                case RdbFormat.MODULE_OPCODE_SINT, RdbFormat.MODULE_OPCODE_UINT -> in.readLength("module integer");
                case RdbFormat.MODULE_OPCODE_FLOAT -> in.readBytes(4, "module float");
                case RdbFormat.MODULE_OPCODE_DOUBLE -> in.readBytes(8, "module double");
                case RdbFormat.MODULE_OPCODE_STRING -> wipe(in.readString("module string"));
                default -> throw new BadRdbException("unknown module opcode " + opcode + " before byte " + in.position());
            }
        }
    }

    private static void wipe(byte[] bytes) {
        Arrays.fill(bytes, (byte) 0);
    }
}
