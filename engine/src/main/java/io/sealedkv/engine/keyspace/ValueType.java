package io.sealedkv.engine.keyspace;

/** The Redis type of a stored value, as TYPE and SCAN ... TYPE name it. */
public enum ValueType {
    STRING("string"),
    LIST("list"),
    SET("set"),
    ZSET("zset"),
    HASH("hash");

    private final String redisName;

    ValueType(String redisName) {
        this.redisName = redisName;
    }

    public String redisName() {
        return redisName;
    }

    static ValueType of(Object value) {
        if (value instanceof byte[]) {
            return STRING;
        }
        if (value instanceof CollectionValue collection) {
            return collection.type();
        }
        throw new IllegalStateException("unknown value type " + value.getClass().getName());
    }

    /** The type named {@code name} (case-insensitive), or null. */
    public static ValueType byName(String name) {
        for (ValueType type : values()) {
            if (type.redisName.equalsIgnoreCase(name)) {
                return type;
            }
        }
        return null;
    }
}
