package io.sealedkv.tools.rdb;

/**
 * The parts of Redis's RDB file format (versions 9 to 11: Redis 6.0 to 7.2) that {@code import-rdb}
 * reads and {@code export-rdb} writes, from Redis's public format description; no code of Redis's.
 *
 * <pre>
 * file    = "REDIS" || 4 ASCII digits (version) || item* || 0xFF || CRC-64 (8 bytes, little-endian)
 * item    = 0xFA AUX name value | 0xFE SELECTDB length | 0xFB RESIZEDB length length
 *         | 0xFC EXPIRETIME_MS (8 bytes LE, Unix ms) | 0xFD EXPIRETIME (4 bytes LE, Unix s)
 *         | 0xF8 IDLE length | 0xF9 FREQ (1 byte) | 0xF7 MODULE_AUX ... | 0xF5 FUNCTION2 string
 *         | type (1 byte) key-string value         (expiry/IDLE/FREQ items apply to the next key)
 * length  = 00xxxxxx (6 bits) | 01xxxxxx yyyyyyyy (14 bits, big-endian) | 0x80 + 4 bytes BE | 0x81 + 8 bytes BE
 *         | 11xxxxxx: a string encoding instead (0 int8, 1 int16 LE, 2 int32 LE, 3 LZF: clen len data)
 * </pre>
 * The CRC-64 is Jones's polynomial, reflected, as Redis computes it over every byte before it; a zero
 * checksum means the writer had {@code rdbchecksum no}. The value layouts of each type are described
 * where they are read ({@link RdbParser}) and in the small container readers ({@link Ziplist},
 * {@link Listpack}, {@link Intset}, {@link Zipmap}).
 */
final class RdbFormat {
    static final int MIN_VERSION = 1;
    static final int MAX_VERSION = 11;
    /** What export-rdb writes unless told otherwise: Redis 7.0 reads up to 10. */
    static final int DEFAULT_EXPORT_VERSION = 10;

    static final int OPCODE_FUNCTION_PRE_GA = 0xF6;
    static final int OPCODE_FUNCTION2 = 0xF5;
    static final int OPCODE_MODULE_AUX = 0xF7;
    static final int OPCODE_IDLE = 0xF8;
    static final int OPCODE_FREQ = 0xF9;
    static final int OPCODE_AUX = 0xFA;
    static final int OPCODE_RESIZEDB = 0xFB;
    static final int OPCODE_EXPIRETIME_MS = 0xFC;
    static final int OPCODE_EXPIRETIME = 0xFD;
    static final int OPCODE_SELECTDB = 0xFE;
    static final int OPCODE_EOF = 0xFF;

    static final int TYPE_STRING = 0;
    static final int TYPE_LIST = 1;
    static final int TYPE_SET = 2;
    static final int TYPE_ZSET = 3;
    static final int TYPE_HASH = 4;
    static final int TYPE_ZSET_2 = 5;
    static final int TYPE_MODULE_PRE_GA = 6;
    static final int TYPE_MODULE_2 = 7;
    static final int TYPE_HASH_ZIPMAP = 9;
    static final int TYPE_LIST_ZIPLIST = 10;
    static final int TYPE_SET_INTSET = 11;
    static final int TYPE_ZSET_ZIPLIST = 12;
    static final int TYPE_HASH_ZIPLIST = 13;
    static final int TYPE_LIST_QUICKLIST = 14;
    static final int TYPE_STREAM_LISTPACKS = 15;
    static final int TYPE_HASH_LISTPACK = 16;
    static final int TYPE_ZSET_LISTPACK = 17;
    static final int TYPE_LIST_QUICKLIST_2 = 18;
    static final int TYPE_STREAM_LISTPACKS_2 = 19;
    static final int TYPE_SET_LISTPACK = 20;
    static final int TYPE_STREAM_LISTPACKS_3 = 21;

    static final int ENCODING_INT8 = 0;
    static final int ENCODING_INT16 = 1;
    static final int ENCODING_INT32 = 2;
    static final int ENCODING_LZF = 3;

    static final int QUICKLIST_NODE_PLAIN = 1;
    static final int QUICKLIST_NODE_PACKED = 2;

    static final int MODULE_OPCODE_EOF = 0;
    static final int MODULE_OPCODE_SINT = 1;
    static final int MODULE_OPCODE_UINT = 2;
    static final int MODULE_OPCODE_FLOAT = 3;
    static final int MODULE_OPCODE_DOUBLE = 4;
    static final int MODULE_OPCODE_STRING = 5;

    private RdbFormat() {
    }

    /** Redis's name of a value type byte, for messages. */
    static String typeName(int type) {
        return switch (type) {
            case TYPE_STRING -> "string";
            case TYPE_LIST -> "list";
            case TYPE_SET -> "set";
            case TYPE_ZSET -> "zset";
            case TYPE_HASH -> "hash";
            case TYPE_ZSET_2 -> "zset (zset2)";
            case TYPE_MODULE_PRE_GA -> "module (pre-GA)";
            case TYPE_MODULE_2 -> "module";
            case TYPE_HASH_ZIPMAP -> "hash (zipmap)";
            case TYPE_LIST_ZIPLIST -> "list (ziplist)";
            case TYPE_SET_INTSET -> "set (intset)";
            case TYPE_ZSET_ZIPLIST -> "zset (ziplist)";
            case TYPE_HASH_ZIPLIST -> "hash (ziplist)";
            case TYPE_LIST_QUICKLIST -> "list (quicklist)";
            case TYPE_STREAM_LISTPACKS, TYPE_STREAM_LISTPACKS_2, TYPE_STREAM_LISTPACKS_3 -> "stream";
            case TYPE_HASH_LISTPACK -> "hash (listpack)";
            case TYPE_ZSET_LISTPACK -> "zset (listpack)";
            case TYPE_LIST_QUICKLIST_2 -> "list (quicklist2)";
            case TYPE_SET_LISTPACK -> "set (listpack)";
            default -> "unknown type " + type;
        };
    }
}
