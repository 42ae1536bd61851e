package io.sealedkv.engine.keyspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedkv.engine.testing.StandInCollection;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A {@link DatabaseLoader} leaves a database exactly as adding the same keys one by one through
 * {@link Keyspace#load} does (entries, expiries, memory and key version counts), whatever key count
 * the snapshot announced, and refuses a key given twice.
 */
class DatabaseLoaderTest {
    private final Keyspace loaded = new Keyspace(2);
    private final Keyspace reference = new Keyspace(2);

    private static byte[] key(int i) {
        return ("key:" + i).getBytes(StandardCharsets.US_ASCII);
    }

    /** Values of varied lengths, every fifth key with an expiry. */
    private void fill(int keys, long announced) {
        Random random = new Random(keys);
        long now = reference.now();
        DatabaseLoader loader = loaded.loader(loaded.database(1), announced);
        assertThat(pagesAheadThreads()).as("threads preparing pages").isEqualTo(announced >= 16_384 ? 1 : 0);
        for (int i = 0; i < keys; i++) {
            byte[] value = new byte[1 + random.nextInt(200)];
            random.nextBytes(value);
            long expireAt = i % 5 == 0 ? now + 60_000 + i : -1;
            assertThat(loader.add(key(i), value, expireAt)).isTrue();
            assertThat(reference.load(reference.database(1), key(i), value, expireAt)).isTrue();
        }
        loader.finish();
    }

    private void assertSameAsReference(int keys) {
        Database db = loaded.database(1);
        Database expected = reference.database(1);
        assertThat(db.size()).isEqualTo(keys);
        assertThat(db.bytes()).isEqualTo(expected.bytes());
        assertThat(db.expiringCount()).isEqualTo(expected.expiringCount());
        SortedMap<Integer, Long> versions = new TreeMap<>();
        SortedMap<Integer, Long> expectedVersions = new TreeMap<>();
        db.countKeyVersions(versions);
        expected.countKeyVersions(expectedVersions);
        assertThat(versions).isEqualTo(expectedVersions);
        for (int i = 0; i < keys; i++) {
            Entry entry = db.raw(key(i));
            Entry expectedEntry = expected.raw(key(i));
            assertThat(entry).as("key %d", i).isNotNull();
            assertThat(entry.value()).isEqualTo(expectedEntry.value());
            assertThat(db.expireAt(entry)).isEqualTo(expected.expireAt(expectedEntry));
        }
        assertThat(db.raw(key(keys))).isNull();
        assertThat(loaded.database(0).size()).isZero();
    }

    /**
     * Strings in cells, strings too long for one, names too long for one and collections, mixed in the
     * loader's chunks: they load as one by one, and a name given again is refused whichever kind either is.
     */
    @Test
    void keysOfEveryKindMixLoadAsOneByOneAndAreRefusedTwice() {
        Random random = new Random(7);
        DatabaseLoader loader = loaded.loader(loaded.database(1), 3000);
        byte[][] names = new byte[3000][];
        for (int i = 0; i < names.length; i++) {
            names[i] = i % 7 == 3 ? longName(random, i) : key(i);
            Object value = switch (i % 4) {
                case 0 -> new StandInCollection(100 + i);
                case 1 -> new byte[ValueArena.MAX_VALUE + 1 + random.nextInt(50)];
                default -> new byte[1 + random.nextInt(200)];
            };
            assertThat(loader.add(names[i], value, -1)).isTrue();
            assertThat(reference.load(reference.database(1), names[i], value, -1)).isTrue();
        }
        for (int i = 0; i < names.length; i += 97) {
            Object again = i % 2 == 0 ? new byte[5] : new StandInCollection(1);
            assertThat(loader.add(names[i].clone(), again, -1)).as("name %d again", i).isFalse();
        }
        loader.finish();
        Database db = loaded.database(1);
        assertThat(db.size()).isEqualTo(names.length);
        assertThat(db.bytes()).isEqualTo(reference.database(1).bytes());
        for (byte[] name : names) {
            Entry entry = db.raw(name);
            assertThat(entry.key()).isEqualTo(name);
            Object expected = reference.database(1).raw(name).value();
            if (expected instanceof byte[] sealed) {
                assertThat(entry.value()).isEqualTo(sealed);
            } else {
                assertThat(entry.value()).isSameAs(expected);
            }
        }
    }

    private static byte[] longName(Random random, int i) {
        byte[] name = new byte[ValueArena.MAX_KEY + 1 + random.nextInt(100)];
        random.nextBytes(name);
        name[0] = (byte) i;
        name[1] = (byte) (i >> 8);
        return name;
    }

    @Test
    void theKeysAnnouncedLoadAsTheyWouldOneByOne() {
        fill(3000, 3000);
        assertSameAsReference(3000);
    }

    /**
     * A large database's pages are prepared on a thread beside the load ({@link #fill} sees it running), which
     * ends when the load does.
     */
    @Test
    void aLargeLoadHasItsPagesPreparedAheadByAThreadThatEndsWithIt() {
        DatabaseLoader small = loaded.loader(loaded.database(0), 100);
        assertThat(pagesAheadThreads()).isZero();
        small.finish();
        fill(40_000, 40_000);
        assertThat(pagesAheadThreads()).isZero();
        assertSameAsReference(40_000);
    }

    @Test
    void aLoadAbandonedUnfinishedStillEndsItsPagesAheadThread() throws InterruptedException {
        DatabaseLoader abandoned = loaded.loader(loaded.database(1), 1_000_000);
        assertThat(abandoned.add(key(1), new byte[10], -1)).isTrue();
        assertThat(pagesAheadThreads()).isEqualTo(1);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (pagesAheadThreads() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(pagesAheadThreads()).isZero();
    }

    private static long pagesAheadThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("sealedkv-pages-ahead") && thread.isAlive())
                .count();
    }

    @Test
    void moreKeysThanAnnouncedGrowTheLoader() {
        fill(5000, 0);
        assertSameAsReference(5000);
    }

    @Test
    void fewerKeysThanAnnouncedLoadOnlyThoseGiven() {
        fill(10, Long.MAX_VALUE);
        assertSameAsReference(10);
    }

    @Test
    void anEmptyDatabaseStaysEmpty() {
        fill(0, 5);
        assertSameAsReference(0);
    }

    @Test
    void aKeyGivenTwiceIsRefusedAndTheFirstValueKept() {
        DatabaseLoader loader = loaded.loader(loaded.database(0), 2);
        byte[] first = {1};
        assertThat(loader.add(key(1), first, -1)).isTrue();
        assertThat(loader.add(key(2), new byte[] {2}, -1)).isTrue();
        assertThat(loader.add(key(1).clone(), new byte[] {3}, -1)).isFalse();
        loader.finish();
        assertThat(loaded.database(0).size()).isEqualTo(2);
        assertThat(loaded.database(0).raw(key(1)).value()).isEqualTo(first);
    }

    @Test
    void keysWhoseHashesCollideAreStillTold() {
        DatabaseLoader loader = loaded.loader(loaded.database(0), 0);
        int keys = 20_000;
        for (int i = 0; i < keys; i++) {
            assertThat(loader.add(key(i), new byte[] {(byte) i}, -1)).isTrue();
        }
        for (int i = 0; i < keys; i += 997) {
            assertThat(loader.add(key(i), new byte[] {0}, -1)).as("key %d again", i).isFalse();
        }
        loader.finish();
        assertThat(loaded.database(0).size()).isEqualTo(keys);
    }

    /**
     * Values handed in one reused buffer (as the snapshot reader does) load as arrays of their own would:
     * the arena keeps copies, a value too long for it stays on the heap as a copy, and a key given twice
     * leaves no cell behind.
     */
    @Test
    void valuesHandedInAReusedBufferLoadAsTheyWouldOneByOne() {
        Random random = new Random(7);
        long now = reference.now();
        DatabaseLoader loader = loaded.loader(loaded.database(1), 0);
        byte[] buffer = new byte[ValueArena.MAX_VALUE + 200];
        int keys = 3000;
        for (int i = 0; i < keys; i++) {
            int length = i % 500 == 7 ? ValueArena.MAX_VALUE + 1 + random.nextInt(100) : random.nextInt(200);
            random.nextBytes(buffer);
            byte[] value = Arrays.copyOf(buffer, length);
            long expireAt = i % 5 == 0 ? now + 60_000 + i : -1;
            assertThat(loader.addAll(new byte[][] {key(i)}, buffer, new int[] {0}, new int[] {length},
                    new long[] {expireAt}, 1)).isEqualTo(1);
            assertThat(reference.load(reference.database(1), key(i), value, expireAt)).isTrue();
        }
        long cellBytes = loaded.database(1).arena().cellBytes();
        random.nextBytes(buffer);
        assertThat(loader.addAll(new byte[][] {key(5).clone()}, buffer, new int[] {0}, new int[] {100}, new long[] {-1},
                1)).isZero();
        assertThat(loaded.database(1).arena().cellBytes()).isEqualTo(cellBytes);
        loader.finish();
        assertSameAsReference(keys);
        assertThat(loaded.database(1).raw(key(7)).stored()).isInstanceOf(byte[].class);
        assertThat(loaded.database(1).raw(key(8)).stored()).isInstanceOf(ValueArena.class);
    }

    /** A batch is added in order up to its first key already given, in an earlier batch or in itself. */
    @Test
    void aBatchIsAddedUpToItsFirstDuplicate() {
        DatabaseLoader loader = loaded.loader(loaded.database(0), 0);
        byte[] block = new byte[40];
        for (int i = 0; i < block.length; i++) {
            block[i] = (byte) i;
        }
        int[] offsets = {0, 8, 16, 24, 32};
        int[] lengths = {8, 8, 8, 8, 8};
        long[] expireAts = {-1, -1, -1, -1, -1};
        assertThat(loader.addAll(new byte[][] {key(1), key(2), key(3), key(2), key(4)}, block, offsets, lengths,
                expireAts, 5)).isEqualTo(3);
        assertThat(loader.addAll(new byte[][] {key(4), key(1), key(5)}, block, offsets, lengths, expireAts, 3))
                .isEqualTo(1);
        assertThat(loader.addAll(new byte[][] {key(6)}, block, new int[] {32}, lengths, new long[] {reference.now() + 60_000},
                1)).isEqualTo(1);
        loader.finish();
        Database db = loaded.database(0);
        assertThat(db.size()).isEqualTo(5);
        assertThat(db.raw(key(2)).value()).isEqualTo(Arrays.copyOfRange(block, 8, 16));
        assertThat(db.raw(key(4)).value()).isEqualTo(Arrays.copyOfRange(block, 0, 8));
        assertThat(db.raw(key(6)).value()).isEqualTo(Arrays.copyOfRange(block, 32, 40));
        assertThat(db.expireAt(db.raw(key(6)))).isPositive();
        assertThat(db.raw(key(5))).isNull();
    }

    @Test
    void aDatabaseThatHoldsKeysCannotBeLoaded() {
        loaded.load(loaded.database(0), key(0), new byte[] {1}, -1);
        assertThatThrownBy(() -> loaded.loader(loaded.database(0), 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not empty");
    }

    @Test
    void aFinishedLoaderTakesNoMoreKeysAndFinishesOnce() {
        DatabaseLoader loader = loaded.loader(loaded.database(0), 1);
        loader.add(key(0), new byte[] {1}, -1);
        loader.finish();
        loader.finish();
        assertThat(loaded.database(0).size()).isEqualTo(1);
        assertThatThrownBy(() -> loader.add(key(1), new byte[] {1}, -1)).isInstanceOf(IllegalStateException.class);
    }
}
