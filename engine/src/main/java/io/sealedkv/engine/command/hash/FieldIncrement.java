package io.sealedkv.engine.command.hash;

import io.sealedkv.engine.command.Args;
import io.sealedkv.engine.command.CommandException;
import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.command.Errors;
import io.sealedkv.engine.command.Text;
import io.sealedkv.engine.command.string.FloatIncrement;
import io.sealedkv.engine.types.hash.FieldTable;
import io.sealedkv.engine.types.hash.PairList;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * HINCRBY and HINCRBYFLOAT: the field's value is opened, computed on and sealed again outside the
 * lock; a hashtable's pair is replaced only if it is still the one that was read.
 */
final class FieldIncrement<R> extends HashAccess.Edit<R> {
    private final byte[] field;
    private final Function<byte[], Result<R>> compute;
    private byte[] token;
    private byte[] expected;
    private byte[] sealed;
    private R preparedReply;

    /** The new value of a field (plaintext, wiped once sealed) and the reply. */
    record Result<R>(byte[] value, R reply) {
    }

    private FieldIncrement(byte[] field, Function<byte[], Result<R>> compute) {
        this.field = field;
        this.compute = compute;
    }

    /** HINCRBY's edit: the sum as a long. */
    static FieldIncrement<Long> byLong(byte[] field, long increment) {
        return new FieldIncrement<>(field, current -> {
            long value = 0;
            if (current != null) {
                Long parsed = Args.tryParseLong(current);
                if (parsed == null) {
                    throw new CommandException("ERR hash value is not an integer");
                }
                value = parsed;
            }
            if ((increment < 0 && value < 0 && increment < Long.MIN_VALUE - value)
                    || (increment > 0 && value > 0 && increment > Long.MAX_VALUE - value)) {
                throw Errors.overflow();
            }
            long sum = value + increment;
            return new Result<>(Text.bytes(Long.toString(sum)), sum);
        });
    }

    /** HINCRBYFLOAT's edit: the sum as Redis prints it, which {@code computed} sees before it is stored. */
    static FieldIncrement<String> byFloat(byte[] field, FloatIncrement increment, Consumer<String> computed) {
        return new FieldIncrement<>(field, current -> {
            FloatIncrement value = current == null ? FloatIncrement.ZERO : storedFloat(current);
            String sum = value.add(increment);
            computed.accept(sum);
            return new Result<>(Text.bytes(sum), sum);
        });
    }

    /** The increment argument of HINCRBYFLOAT. */
    static FloatIncrement floatArgument(byte[] text) {
        if (FloatIncrement.isInfinity(text)) {
            throw Errors.generic("value is NaN or Infinity");
        }
        return FloatIncrement.parse(text);
    }

    /** A stored value: Redis reads "inf" and refuses only the sum, which parse's own error says. */
    private static FloatIncrement storedFloat(byte[] text) {
        if (FloatIncrement.isInfinity(text)) {
            return FloatIncrement.parse(text);
        }
        try {
            return FloatIncrement.parse(text);
        } catch (CommandException e) {
            throw new CommandException("ERR hash value is not a float");
        }
    }

    @Override
    R editPairs(PairList pairs) {
        Result<R> result = compute.apply(pairs.get(field));
        pairs.set(field, result.value());
        Arrays.fill(result.value(), (byte) 0);
        return result.reply();
    }

    @Override
    void prepareTable(ElementSealer sealer, HashAccess.PairReader current) {
        token = sealer.token(field);
        expected = current.sealed(token);
        byte[] value = expected == null ? null : HashAccess.openValue(sealer, expected, field);
        try {
            Result<R> result = compute.apply(value);
            byte[] layout = PairList.encodePair(field, result.value());
            sealed = sealer.seal(layout);
            Arrays.fill(layout, (byte) 0);
            Arrays.fill(result.value(), (byte) 0);
            preparedReply = result.reply();
        } finally {
            if (value != null) {
                Arrays.fill(value, (byte) 0);
            }
        }
    }

    @Override
    R applyToTable(FieldTable table, HashAccess.Change change) {
        if (!Arrays.equals(table.get(token), expected)) { // a new seal has a new nonce: equal bytes, same write
            return null;
        }
        change.before();
        table.put(token, sealed);
        return preparedReply;
    }
}
