package io.sealedkv.engine.acl;

import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * ACL LOG: the latest denials and failed authentications, newest first, at most {@code acllog-max-len}
 * entries. As in Redis 7.0, a new event with the same reason, context, object and user as an entry
 * less than 60 seconds old counts into that entry and moves it to the front. Passwords are never in
 * it: an authentication failure records the user name only.
 */
public final class AclLog {
    private static final long GROUPING_MILLIS = 60_000;

    private final LinkedList<Entry> entries = new LinkedList<>();
    private final LongSupplier maxLength;

    AclLog(LongSupplier maxLength) {
        this.maxLength = maxLength;
    }

    /** One entry as ACL LOG shows it. */
    public static final class Entry {
        private long count;
        private final String reason;
        private final String context;
        private final String object;
        private final String username;
        private long createdMillis;
        private String clientInfo;

        Entry(String reason, String context, String object, String username, String clientInfo, long now) {
            this.count = 1;
            this.reason = reason;
            this.context = context;
            this.object = object;
            this.username = username;
            this.clientInfo = clientInfo;
            this.createdMillis = now;
        }

        public long count() {
            return count;
        }

        public String reason() {
            return reason;
        }

        public String context() {
            return context;
        }

        public String object() {
            return object;
        }

        public String username() {
            return username;
        }

        public double ageSeconds(long now) {
            return (now - createdMillis) / 1000.0;
        }

        public String clientInfo() {
            return clientInfo;
        }

        boolean sameEvent(Entry other, long now) {
            return reason.equals(other.reason) && context.equals(other.context) && object.equals(other.object)
                    && username.equals(other.username) && now - createdMillis < GROUPING_MILLIS;
        }
    }

    synchronized void add(String reason, String context, String object, String username, String clientInfo) {
        long now = System.currentTimeMillis();
        Entry entry = new Entry(reason, context, object, username, clientInfo, now);
        for (var it = entries.iterator(); it.hasNext(); ) {
            Entry existing = it.next();
            if (existing.sameEvent(entry, now)) {
                it.remove();
                existing.count++;
                existing.createdMillis = now;
                existing.clientInfo = clientInfo;
                entries.addFirst(existing);
                return;
            }
        }
        entries.addFirst(entry);
        trim();
    }

    private void trim() {
        while (entries.size() > maxLength.getAsLong()) {
            entries.removeLast();
        }
    }

    /** The newest {@code count} entries. */
    public synchronized List<Entry> latest(long count) {
        trim();
        return new ArrayList<>(entries.subList(0, (int) Math.min(count, entries.size())));
    }

    public synchronized void reset() {
        entries.clear();
    }
}
