package io.sealedkv.engine.command.docs;

/** A constant of the documentation that COMMAND DOCS names as Redis names it. */
public interface RedisNamed {
    String redisName();

    /** The constant of {@code type} that Redis names {@code redisName}; {@code what} names the type in errors. */
    static <E extends Enum<E> & RedisNamed> E parse(Class<E> type, String redisName, String what) {
        for (E constant : type.getEnumConstants()) {
            if (constant.redisName().equals(redisName)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("unknown " + what + ": " + redisName);
    }
}
