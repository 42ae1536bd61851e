package io.sealedkv.engine.command.hash;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.keyspace.CollectionIdentity;
import io.sealedkv.engine.types.hash.FieldTable;
import io.sealedkv.engine.types.hash.PairList;
import io.sealedkv.engine.types.table.TokenList;
import java.util.Arrays;

/** The edits of HSET, HMSET, HSETNX and HDEL. */
final class FieldWrites {
    private FieldWrites() {
    }

    /** Sets the field/value pairs of the arguments from {@code first} on; the reply is how many fields are new. */
    static final class SetFields extends HashAccess.Edit<Long> {
        private final byte[][] fields;
        private final byte[][] values;
        private final boolean onlyIfAbsent;
        private byte[][] tokens;
        private byte[][] sealed;
        private CollectionIdentity preparedFor;

        SetFields(CommandContext c, int first, boolean onlyIfAbsent) {
            int pairs = (c.argc() - first) / 2;
            this.fields = new byte[pairs][];
            this.values = new byte[pairs][];
            for (int i = 0; i < pairs; i++) {
                fields[i] = c.arg(first + 2 * i);
                values[i] = c.arg(first + 2 * i + 1);
            }
            this.onlyIfAbsent = onlyIfAbsent;
        }

        @Override
        boolean notifiesUnchanged() {
            return !onlyIfAbsent;
        }

        @Override
        Long editPairs(PairList pairs) {
            if (onlyIfAbsent && pairs.indexOf(fields[0]) >= 0) {
                return 0L;
            }
            long added = 0;
            for (int i = 0; i < fields.length; i++) {
                added += pairs.set(fields[i], values[i]) ? 1 : 0;
            }
            return added;
        }

        @Override
        void prepareTable(ElementSealer sealer, HashAccess.PairReader current) {
            prepare(sealer);
        }

        /** Tokenizes the fields and seals the pairs for the hashtable of {@code sealer} (once per identity). */
        void prepare(ElementSealer sealer) {
            if (sealer.identity().equals(preparedFor)) {
                return;
            }
            tokens = HashAccess.tokens(sealer, fields);
            sealed = new byte[fields.length][];
            for (int i = 0; i < fields.length; i++) {
                byte[] layout = PairList.encodePair(fields[i], values[i]);
                try {
                    sealed[i] = sealer.seal(layout);
                } finally {
                    Arrays.fill(layout, (byte) 0);
                }
            }
            // Only once all are sealed: a pair the codec refused leaves the edit to be prepared again.
            preparedFor = sealer.identity();
        }

        /** Adds the tokens {@link #prepare} computed to {@code all}. */
        void addTokens(TokenList all) {
            for (byte[] token : tokens) {
                all.add(token);
            }
        }

        @Override
        Long applyToTable(FieldTable table, HashAccess.Change change) {
            if (onlyIfAbsent && table.get(tokens[0]) != null) {
                return 0L;
            }
            change.before();
            long added = 0;
            for (int i = 0; i < fields.length; i++) {
                added += table.put(tokens[i], sealed[i]) ? 1 : 0;
            }
            return added;
        }
    }

    /** Deletes the fields of the arguments from 2 on; the reply is how many were there. */
    static final class DeleteFields extends HashAccess.Edit<Long> {
        private final byte[][] fields;
        private byte[][] tokens;

        DeleteFields(CommandContext c) {
            fields = new byte[c.argc() - 2][];
            for (int i = 0; i < fields.length; i++) {
                fields[i] = c.arg(i + 2);
            }
        }

        @Override
        Long onMissing() {
            return 0L;
        }

        @Override
        Long editPairs(PairList pairs) {
            long removed = 0;
            for (byte[] field : fields) {
                removed += pairs.remove(field) ? 1 : 0;
            }
            return removed;
        }

        @Override
        void prepareTable(ElementSealer sealer, HashAccess.PairReader current) {
            tokens = HashAccess.tokens(sealer, fields);
        }

        @Override
        Long applyToTable(FieldTable table, HashAccess.Change change) {
            long removed = 0;
            for (byte[] token : tokens) {
                if (table.contains(token)) {
                    change.before();
                    table.remove(token);
                    removed++;
                }
            }
            return removed;
        }
    }
}
