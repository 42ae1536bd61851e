package io.sealedkv.engine.command.list;

import io.sealedkv.engine.command.CommandContext;
import io.sealedkv.engine.command.CommandSpec;
import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.command.WriteRun;
import io.sealedkv.engine.keyspace.Database;
import io.sealedkv.engine.keyspace.Entry;
import io.sealedkv.engine.types.list.EdgeJob;
import io.sealedkv.engine.types.list.PoppedElement;
import io.sealedkv.engine.types.list.PoppedReader;
import io.sealedkv.engine.types.list.SealedList;
import java.util.Arrays;

/**
 * A run of LPOPs and RPOPs without a count. Under the hold each pop takes its element off the edge
 * without any crypto ({@link SealedList#popElement}): an edge node gives up elements one by one and stays
 * a slice of its block, instead of being split into singles sealed one by one (which a pop alone does).
 * After the hold the replies open each node once for all the consecutive pops that took from it
 * ({@link PoppedReader}), and wipe it after the last. Each pop is its own change (modifying,
 * notifications, propagation of its own arguments, the key deleted when emptied), so a run answers and
 * changes what the pops one by one would. Pops wake no blocked client, so none is served between them.
 * A slice left at an edge by the run's last pop there is sealed again after that pop's reply, with only
 * the elements still in the list ({@link EdgeJob#resealing}), so popped elements do not stay sealed in it.
 * A small list is popped as one pop under the lock pops it ({@link SmallLists#pop}): its element comes
 * out of the block open, and the reply writes and wipes it.
 */
public final class ListPopRun extends WriteRun {
    private final byte[][] keys;
    private final int[] hashes;
    private final boolean[] heads;
    private final ElementSealer[] sealers;
    private final PoppedElement[] popped;
    /** Elements a small list's block gave up open, for the reply (which wipes them). */
    private final byte[][] opened;
    private final EdgeJob[] reseals;
    private final PoppedReader reader = new PoppedReader();
    private int end;

    /** State for runs of at most {@code capacity} commands, indexed as the batch. */
    public ListPopRun(int capacity) {
        keys = new byte[capacity][];
        hashes = new int[capacity];
        heads = new boolean[capacity];
        sealers = new ElementSealer[capacity];
        popped = new PoppedElement[capacity];
        opened = new byte[capacity][];
        reseals = new EdgeJob[capacity];
    }

    @Override
    public boolean takes(CommandSpec spec, byte[][] args) {
        return args.length == 2 && (spec.name().equals("lpop") || spec.name().equals("rpop"));
    }

    @Override
    public boolean accept(CommandContext c, int i, int hash) {
        keys[i] = c.arg(1);
        hashes[i] = hash;
        heads[i] = c.spec().name().equals("lpop");
        return true;
    }

    @Override
    public void prepare(CommandContext c, int from, int end) {
        this.end = end;
    }

    @Override
    public void commit(CommandContext c, int i) {
        SealedList list;
        try (var lock = c.lock()) {
            Database db = c.db();
            Entry entry = c.keyspace().lookupWrite(db, keys[i], hashes[i]);
            list = ListAccess.list(entry);
            if (list == null) {
                return;
            }
            c.keyspace().writes().modifying(db, entry);
            sealers[i] = ElementSealer.of(c.codec(), list);
            byte[][] small = SmallLists.pop(list, sealers[i], heads[i], 1);
            if (small != null) {
                opened[i] = small[0];
            } else {
                popped[i] = list.popElement(heads[i]);
            }
            list.notePop(heads[i]);
            if (list.size() == 0) {
                c.keyspace().writes().remove(db, entry);
            }
            ListAccess.notifyPopped(c.keyspace(), db, entry, heads[i]);
        }
        if (list.size() > 0 && lastAtItsEdge(i)) {
            reseals[i] = EdgeJob.resealing(list, heads[i]);
        }
    }

    /** Whether no later pop of the run takes from the same edge of the same key. */
    private boolean lastAtItsEdge(int i) {
        for (int j = i + 1; j < end; j++) {
            if (heads[j] == heads[i] && Arrays.equals(keys[j], keys[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void reply(CommandContext c, int i) {
        try {
            if (opened[i] != null) {
                c.reply().bulk(opened[i]);
            } else if (popped[i] == null) {
                c.reply().nullBulk();
            } else {
                reader.read(sealers[i], popped[i], c.reply()::bulk);
            }
        } finally {
            try {
                ListAccess.finish(c, keys[i], reseals[i], reader);
            } finally {
                forget(i);
            }
        }
    }

    @Override
    public boolean shortReplies() {
        return false;
    }

    @Override
    public void forget(int i) {
        keys[i] = null;
        sealers[i] = null;
        popped[i] = null;
        if (opened[i] != null) {
            Arrays.fill(opened[i], (byte) 0);
            opened[i] = null;
        }
        reseals[i] = null;
        if (i == end - 1) {
            reader.close();
        }
    }
}
