package io.sealedkv.engine.keyspace;

import java.util.ArrayList;
import java.util.List;

/**
 * Ends the cell views (see {@link Entry}, {@link CellViews}) of a hold of the keyspace lock: the lock's
 * outermost unlock {@link #end}s every table's views handed out since it was taken. Under the lock.
 */
final class ViewHolds {
    private final List<CellViews> open = new ArrayList<>();

    /** {@code views} handed out its first view of this hold. */
    void opened(CellViews views) {
        open.add(views);
    }

    /** Whether no table handed out a view of a cell since the last {@link #end}. */
    boolean isEmpty() {
        return open.isEmpty();
    }

    void end() {
        if (open.isEmpty()) {
            return;
        }
        for (CellViews views : open) {
            views.release();
        }
        open.clear();
    }
}
