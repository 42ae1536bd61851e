package io.sealedkv.engine.types.list;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedkv.codec.CodecOptions;
import io.sealedkv.codec.SealingValueCodec;
import io.sealedkv.codec.ValueCodec;
import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.keyspace.CollectionIdentity;
import io.sealedkv.engine.keyspace.CollectionReaders;
import io.sealedkv.engine.keyspace.ElementCrypto;
import io.sealedkv.engine.keyspace.ValueType;
import io.sealedkv.keystore.Keystores;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The structure without a server: packing, unpacking, payload round trip, copy, refusals. */
class SealedListTest {
    private final ValueCodec codec = new SealingValueCodec(Keystores.open("memory", Map.of()), CodecOptions.DEFAULTS);
    private final ElementSealer sealer = ElementSealer.forNew(codec);
    private final NodeFill fill = NodeFill.of(-2);

    private SealedList listOf(int n) {
        SealedList list = new SealedList(sealer.identity());
        List<byte[]> elements = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            elements.add(("element-" + i).getBytes(StandardCharsets.US_ASCII));
        }
        ListPacker.seal(sealer, elements, fill, true).forEach(list::addLast);
        for (int i = 0; i < 2 * SealedList.EDGE_RUN + 3; i++) {
            list.addFirst(sealer.seal(("head-" + i).getBytes(StandardCharsets.US_ASCII)));
        }
        return list;
    }

    private static List<String> contents(SealedList list, ElementSealer crypto) {
        List<String> out = new ArrayList<>();
        for (Object segment : list.segments()) {
            for (byte[] element : ListPacker.open(crypto, segment)) {
                out.add(new String(element, StandardCharsets.US_ASCII));
            }
        }
        return out;
    }

    @Test
    void spliceNearEitherEndReplacesExactlyTheRange() {
        SealedList list = new SealedList(sealer.identity());
        List<Object> model = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            byte[] single = sealer.seal(new byte[] {(byte) i});
            list.addLast(single);
            model.add(single);
        }
        int[][] ranges = {{3, 5}, {30, 38}, {0, 2}, {20, 20}, {35, 36}};
        for (int[] range : ranges) {
            List<Object> with = List.of(sealer.seal(new byte[] {1}), sealer.seal(new byte[] {2}), sealer.seal(new byte[] {3}));
            list.splice(range[0], range[1], with);
            model.subList(range[0], range[1]).clear();
            model.addAll(range[0], with);
            assertThat(list.segments()).containsExactly(model.toArray());
            assertThat(list.size()).isEqualTo(model.size());
        }
    }

    @Test
    void splicesAtEitherEdgeOrInsideKeepOrderSizeAndMemoryCount() {
        SealedList list = listOf(3000);
        List<String> before = contents(list, sealer);
        ListPacker.packEdge(list, sealer, fill, true);
        ListPacker.unpackEdge(list, sealer, fill, false);
        int middle = list.segmentCount() / 2;
        list.splice(middle, middle + 1, List.of(list.segment(middle)));
        assertThat(contents(list, sealer)).isEqualTo(before);
        assertThat(list.size()).isEqualTo(before.size());
        assertThat(list.nodeCount())
                .isEqualTo(Arrays.stream(list.segments()).filter(ListNode.class::isInstance).count());
    }

    @Test
    void payloadRoundTripKeepsSegmentsIdentityAndElements() throws IOException {
        SealedList list = listOf(3000);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        list.writePayload(new DataOutputStream(bytes));
        SealedList read = (SealedList) CollectionReaders.read(ValueType.LIST,
                new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertThat(read.identity()).isEqualTo(list.identity());
        assertThat(read.size()).isEqualTo(list.size());
        assertThat(read.segmentCount()).isEqualTo(list.segmentCount());
        assertThat(contents(read, sealer)).isEqualTo(contents(list, sealer));
        List<byte[]> sealedBefore = new ArrayList<>();
        list.forEachSealed(sealedBefore::add);
        List<byte[]> sealedAfter = new ArrayList<>();
        read.forEachSealed(sealedAfter::add);
        for (int i = 0; i < sealedBefore.size(); i++) {
            assertThat(sealedAfter.get(i)).isEqualTo(sealedBefore.get(i));
        }
    }

    /** Pops at both edges without crypto ({@link SealedList#popElement}) until both edges are sliced nodes. */
    private static List<PoppedElement> popIntoNodes(SealedList list, List<String> model) {
        List<PoppedElement> popped = new ArrayList<>();
        while (!(list.segment(0) instanceof ListNode head && head.sliced())
                || !(list.segment(list.segmentCount() - 1) instanceof ListNode tail && tail.sliced())) {
            popped.add(list.popElement(true));
            model.remove(0);
            popped.add(list.popElement(false));
            model.remove(model.size() - 1);
        }
        return popped;
    }

    private static String text(ElementCrypto crypto, PoppedReader reader, PoppedElement element) {
        StringBuilder out = new StringBuilder();
        reader.read(crypto, element, (plaintext, offset, length) ->
                out.append(new String(plaintext, offset, length, StandardCharsets.US_ASCII)));
        return out.toString();
    }

    @Test
    void popsTakeElementsOffEdgeNodesWithoutOpeningAndTheReaderOpensThem() {
        SealedList list = listOf(3000);
        List<String> model = contents(list, sealer);
        List<String> before = new ArrayList<>(model);
        int nodes = list.nodeCount();
        List<PoppedElement> popped = popIntoNodes(list, model);
        assertThat(list.nodeCount()).isEqualTo(nodes);
        assertThat(list.size()).isEqualTo(model.size());
        assertThat(contents(list, sealer)).isEqualTo(model);
        try (PoppedReader reader = new PoppedReader()) {
            for (int i = 0; i < popped.size(); i++) {
                String expected = i % 2 == 0 ? before.get(i / 2) : before.get(before.size() - 1 - i / 2);
                assertThat(text(sealer, reader, popped.get(i))).isEqualTo(expected);
            }
        }
        ListNode head = (ListNode) list.segment(0);
        assertThat(ListPacker.read(sealer, head, 1, 2, (plaintext, offset, length) -> { })).isEqualTo(2);
        List<String> read = new ArrayList<>();
        ListPacker.read(sealer, head, 0, Long.MAX_VALUE, (plaintext, offset, length) ->
                read.add(new String(plaintext, offset, length, StandardCharsets.US_ASCII)));
        assertThat(read).isEqualTo(model.subList(0, head.count()));
    }

    @Test
    void aNodePoppedEmptyLeavesTheList() {
        SealedList list = new SealedList(sealer.identity());
        ListPacker.seal(sealer, List.of(new byte[] {1}, new byte[] {2}, new byte[] {3}), fill, true)
                .forEach(list::addLast);
        assertThat(list.segmentCount()).isEqualTo(1);
        list.popElement(false);
        list.popElement(true);
        assertThat(((ListNode) list.segment(0)).count()).isEqualTo(1);
        assertThat(contents(list, sealer)).containsExactly("\u0002");
        list.popElement(true);
        assertThat(list.size()).isZero();
        assertThat(list.segmentCount()).isZero();
        assertThat(list.memoryBytes()).isEqualTo(new SealedList(sealer.identity()).memoryBytes());
    }

    @Test
    void slicedNodesRoundTripThroughThePayloadAndCopyDropsWhatWasPopped() throws IOException {
        SealedList list = listOf(3000);
        List<String> model = contents(list, sealer);
        popIntoNodes(list, model);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        list.writePayload(new DataOutputStream(bytes));
        SealedList read = SealedList.readPayload(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertThat(read.segmentCount()).isEqualTo(list.segmentCount());
        assertThat(read.segment(0)).isInstanceOf(ListNode.class);
        assertThat(((ListNode) read.segment(0)).sliced()).isTrue();
        assertThat(contents(read, sealer)).isEqualTo(model);
        ElementSealer target = ElementSealer.forNew(codec);
        SealedList copy = (SealedList) list.copy(sealer, target);
        assertThat(contents(copy, target)).isEqualTo(model);
        for (Object segment : copy.segments()) {
            assertThat(segment instanceof ListNode node && node.sliced()).isFalse();
        }
        assertThat(copy.memoryBytes()).isLessThan(list.memoryBytes());
        ListPacker.unpackEdge(list, sealer, fill, true);
        ListPacker.unpackEdge(list, sealer, fill, false);
        assertThat(contents(list, sealer)).isEqualTo(model);
    }

    @Test
    void slicedNodeHeadersThatLieAreRefused() throws IOException {
        SealedList list = listOf(3000);
        popIntoNodes(list, contents(list, sealer));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        list.writePayload(new DataOutputStream(bytes));
        byte[] payload = bytes.toByteArray();
        assertThat(payload[16]).isEqualTo((byte) 2);
        // the head slice's header: count at 17, block length at 21, first at 25, block count at 29
        int blockCount = ByteBuffer.wrap(payload, 29, 4).getInt();
        int[][] lies = {{17, 0}, {17, blockCount}, {17, blockCount + 1}, {25, -1}, {25, 1000}, {29, 1}, {21, 1}};
        for (int[] lie : lies) {
            byte[] bad = payload.clone();
            bad[lie[0]] = (byte) (lie[1] >>> 24);
            bad[lie[0] + 1] = (byte) (lie[1] >>> 16);
            bad[lie[0] + 2] = (byte) (lie[1] >>> 8);
            bad[lie[0] + 3] = (byte) lie[1];
            assertThatThrownBy(() -> SealedList.readPayload(new DataInputStream(new ByteArrayInputStream(bad))))
                    .as("lie at %d", lie[0]).isInstanceOf(IOException.class).hasMessageContaining("node header");
        }
    }

    @Test
    void truncatedOrInconsistentPayloadsAreRefused() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        listOf(100).writePayload(new DataOutputStream(bytes));
        byte[] payload = bytes.toByteArray();
        for (int cut : new int[] {0, 5, 12, 16, 17, payload.length / 2, payload.length - 1}) {
            byte[] truncated = Arrays.copyOf(payload, cut);
            assertThatThrownBy(() -> CollectionReaders.read(ValueType.LIST,
                    new DataInputStream(new ByteArrayInputStream(truncated)))).isInstanceOf(IOException.class);
        }
        byte[] badTag = payload.clone();
        badTag[16] = 7;
        assertThatThrownBy(() -> SealedList.readPayload(new DataInputStream(new ByteArrayInputStream(badTag))))
                .isInstanceOf(IOException.class).hasMessageContaining("tag");
        byte[] empty = payload.clone();
        Arrays.fill(empty, 12, 16, (byte) 0);
        assertThatThrownBy(() -> SealedList.readPayload(new DataInputStream(new ByteArrayInputStream(empty))))
                .isInstanceOf(IOException.class);
    }

    @Test
    void copyReseals() {
        SealedList list = listOf(500);
        ElementSealer target = ElementSealer.forNew(codec);
        SealedList copy = (SealedList) list.copy(sealer, target);
        assertThat(copy.identity()).isNotEqualTo(list.identity());
        assertThat(contents(copy, target)).isEqualTo(contents(list, sealer));
        assertThat(copy.memoryBytes()).isPositive();
    }

    @Test
    void packingAndUnpackingTheEdgesKeepOrder() {
        SealedList list = listOf(2000);
        List<String> before = contents(list, sealer);
        assertThat(list.edgeRun(true)).isEqualTo(2 * SealedList.EDGE_RUN + 3);
        int segments = list.segmentCount();
        ListPacker.packEdge(list, sealer, fill, true);
        assertThat(list.edgeRun(true)).isEqualTo(SealedList.EDGE_RUN);
        assertThat(list.segmentCount()).isLessThan(segments - SealedList.EDGE_RUN);
        assertThat(contents(list, sealer)).isEqualTo(before);
        ListPacker.unpackEdge(list, sealer, fill, false);
        assertThat(list.edgeRun(false)).isBetween(2, SealedList.EDGE_RUN + 1);
        assertThat(contents(list, sealer)).isEqualTo(before);
        SealedList packed = new SealedList(sealer.identity());
        List<byte[]> many = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add(new byte[] {(byte) i});
        }
        ListPacker.seal(sealer, many, fill, true).forEach(packed::addLast);
        assertThat(packed.segmentCount()).isEqualTo(1);
        ListPacker.unpackEdge(packed, sealer, fill, true);
        assertThat(packed.edgeRun(true)).isEqualTo(SealedList.EDGE_RUN);
        assertThat(packed.segmentCount()).isEqualTo(SealedList.EDGE_RUN + 1);
        assertThat(ListPacker.open(sealer, packed.segment(SealedList.EDGE_RUN))[0]).containsExactly(SealedList.EDGE_RUN);
        assertThat(list.encoding()).isEqualTo("quicklist");
    }

    @Test
    void edgeRunsFollowEveryChange() {
        java.util.Random random = new java.util.Random(7);
        SealedList list = new SealedList(sealer.identity());
        ListNode node = new ListNode(sealer.seal(new byte[] {2, 1, 2, 1, 3}), 2, 5);
        byte[] single = sealer.seal(new byte[] {1});
        for (int step = 0; step < 5000; step++) {
            int op = random.nextInt(list.segmentCount() == 0 ? 2 : 5);
            Object segment = random.nextInt(4) == 0 ? node : single;
            switch (op) {
                case 0 -> list.addFirst(segment);
                case 1 -> list.addLast(segment);
                case 2 -> list.removeFirst();
                case 3 -> list.removeLast();
                default -> {
                    int from = random.nextInt(list.segmentCount());
                    int to = from + random.nextInt(Math.min(3, list.segmentCount() - from) + 1);
                    list.splice(from, to, List.of(segment, single));
                }
            }
            int head = 0;
            while (head < list.segmentCount() && list.segment(head) instanceof byte[]) {
                head++;
            }
            int tail = 0;
            while (tail < list.segmentCount() && list.segment(list.segmentCount() - 1 - tail) instanceof byte[]) {
                tail++;
            }
            assertThat(list.edgeRun(true)).as("step %d", step).isEqualTo(head);
            assertThat(list.edgeRun(false)).as("step %d", step).isEqualTo(tail);
        }
    }

    @Test
    void anEdgeJobCommitsAfterPushesAndPopsAtEitherEdge() {
        SealedList list = listOf(2000);
        EdgeJob pack = EdgeJob.packing(list, fill, true);
        assertThat(pack).isNotNull();
        assertThat(EdgeJob.packing(list, fill, true)).as("the head is claimed").isNull();
        pack.prepare(sealer, fill);
        for (int i = 0; i < 5; i++) {
            list.addFirst(sealer.seal(("later-" + i).getBytes(StandardCharsets.US_ASCII)));
            list.addLast(sealer.seal(("tail-" + i).getBytes(StandardCharsets.US_ASCII)));
        }
        list.removeFirst();
        list.removeLast();
        List<String> before = contents(list, sealer);
        int segments = list.segmentCount();
        assertThat(pack.applies()).isTrue();
        pack.commit();
        pack.release();
        assertThat(contents(list, sealer)).isEqualTo(before);
        assertThat(list.segmentCount()).isLessThan(segments - SealedList.EDGE_RUN);
        assertThat(list.edgeRun(true)).isEqualTo(SealedList.EDGE_RUN + 4);

        assertThat(list.edgeRun(false)).isEqualTo(4);
        assertThat(EdgeJob.packing(list, fill, false)).isNull();
        for (int i = 0; i < 3; i++) {
            list.addLast(sealer.seal(("last-" + i).getBytes(StandardCharsets.US_ASCII)));
        }
        EdgeJob unpack = EdgeJob.unpacking(list, false);
        assertThat(unpack).isNotNull();
        unpack.prepare(sealer, fill);
        list.removeLast();
        before = contents(list, sealer);
        assertThat(unpack.applies()).isTrue();
        unpack.commit();
        unpack.release();
        assertThat(contents(list, sealer)).isEqualTo(before);
        assertThat(list.edgeRun(false)).isGreaterThanOrEqualTo(SealedList.EDGE_RUN);
        assertThat(list.claim(true)).as("released").isTrue();
        assertThat(list.claim(false)).as("released").isTrue();
    }

    /** A node of {@code n} elements of {@code size} bytes named {@code name-i}. */
    private ListNode node(String name, int n, int size) {
        List<byte[]> elements = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] element = Arrays.copyOf((name + "-" + i + "-").getBytes(StandardCharsets.US_ASCII), size);
            elements.add(element);
        }
        List<Object> sealed = ListPacker.seal(sealer, elements, fill, true);
        assertThat(sealed).hasSize(1);
        return (ListNode) sealed.get(0);
    }

    @Test
    void mergingJoinsTheSmallNodesAtAnEdgeOnceTheyMakeHalfANode() {
        SealedList list = listOf(2000);
        while (list.edgeRun(true) > 0) {
            list.removeFirst();
        }
        assertThat(EdgeJob.merging(list, fill, true)).as("the edge node is full").isNull();
        list.addFirst(node("a", 16, 100));
        assertThat(EdgeJob.merging(list, fill, true)).as("one small node").isNull();
        list.addFirst(node("b", 16, 100));
        assertThat(EdgeJob.merging(list, fill, true)).as("two small nodes, under half a node").isNull();
        list.addFirst(node("c", 16, 100));
        int segments = list.segmentCount();
        List<String> before = contents(list, sealer);
        EdgeJob merge = EdgeJob.merging(list, fill, true);
        assertThat(merge).isNotNull();
        assertThat(EdgeJob.merging(list, fill, true)).as("the head is claimed").isNull();
        merge.prepare(sealer, fill);
        list.addFirst(node("d", 2, 100));
        assertThat(merge.applies()).as("a push in front leaves the merged nodes in place").isTrue();
        merge.commit();
        merge.release();
        assertThat(contents(list, sealer)).isEqualTo(withHead(before, "d", 2, 100));
        assertThat(list.segmentCount()).isEqualTo(segments + 1 - 2);
        assertThat(((ListNode) list.segment(1)).count()).isEqualTo(48);
        assertThat(EdgeJob.merging(list, fill, true)).as("the merged node is no longer small").isNull();
        assertThat(EdgeJob.merging(list, fill, false)).as("the tail holds no small nodes").isNull();
    }

    /** {@code before} with the elements of {@link #node}(name, n, size) in front, as text. */
    private List<String> withHead(List<String> before, String name, int n, int size) {
        List<String> out = new ArrayList<>();
        for (byte[] element : ListPacker.open(sealer, node(name, n, size))) {
            out.add(new String(element, StandardCharsets.US_ASCII));
        }
        out.addAll(before);
        return out;
    }

    /** Runs the packing a read asks for at the head, which must apply. */
    private void packHeadForReads(SealedList list) {
        EdgeJob pack = EdgeJob.packingForReads(list, fill, true);
        pack.prepare(sealer, fill);
        assertThat(pack.applies()).isTrue();
        pack.commit();
        pack.release();
    }

    @Test
    void aReadPacksTheSinglesAtAnEdgeButAFew() {
        SealedList list = listOf(500);
        list.notePop(true);
        List<String> before = contents(list, sealer);
        packHeadForReads(list);
        assertThat(list.edgeRun(true)).isEqualTo(EdgeJob.READ_KEEP);
        assertThat(contents(list, sealer)).isEqualTo(before);
        assertThat(EdgeJob.packingForReads(list, fill, true)).as("not due").isNull();
        assertThat(EdgeJob.packingForReads(list, fill, false)).as("no singles at the tail").isNull();
    }

    @Test
    void aReadPacksEverySingleAtAnEdgeNeverPopped() {
        SealedList list = listOf(500);
        list.notePop(false);
        List<String> before = contents(list, sealer);
        packHeadForReads(list);
        assertThat(list.edgeRun(true)).isZero();
        assertThat(list.segment(0)).isInstanceOf(ListNode.class);
        assertThat(contents(list, sealer)).isEqualTo(before);
        for (int i = 0; i < EdgeJob.READ_DUE - 1; i++) {
            list.addFirst(sealer.seal(("more-" + i).getBytes(StandardCharsets.US_ASCII)));
        }
        assertThat(EdgeJob.packingForReads(list, fill, true)).as("not due").isNull();
        list.addFirst(sealer.seal("one more".getBytes(StandardCharsets.US_ASCII)));
        assertThat(EdgeJob.packingForReads(list, fill, true)).as("due").isNotNull();
    }

    @Test
    void resealingASliceKeepsOnlyWhatIsStillInTheList() {
        SealedList list = listOf(3000);
        List<String> model = contents(list, sealer);
        popIntoNodes(list, model);
        long sliced = list.memoryBytes();
        for (boolean atHead : new boolean[] {true, false}) {
            EdgeJob reseal = EdgeJob.resealing(list, atHead);
            assertThat(EdgeJob.resealing(list, atHead)).as("the edge is claimed").isNull();
            reseal.prepare(sealer, fill);
            assertThat(reseal.applies()).isTrue();
            reseal.commit();
            reseal.release();
            Object edge = list.segment(atHead ? 0 : list.segmentCount() - 1);
            assertThat(edge).isInstanceOfSatisfying(ListNode.class, node -> assertThat(node.sliced()).isFalse());
            assertThat(EdgeJob.resealing(list, atHead)).as("no slice left").isNull();
        }
        assertThat(contents(list, sealer)).isEqualTo(model);
        assertThat(list.memoryBytes()).isLessThan(sliced);
        EdgeJob late = EdgeJob.resealing(withSlicedHead(), true);
        late.prepare(sealer, fill);
        assertThat(late.list().popElement(true)).isNotNull();
        assertThat(late.applies()).as("the slice it reseals was popped from meanwhile").isFalse();
    }

    @Test
    void resealingASliceJustReadTakesItsElementsFromTheOpenedBlock() {
        SealedList list = listOf(3000);
        List<String> model = contents(list, sealer);
        popIntoNodes(list, model);
        int[] opens = new int[1];
        ElementCrypto counting = new ElementCrypto() {
            @Override
            public CollectionIdentity identity() {
                return sealer.identity();
            }

            @Override
            public byte[] seal(byte[] plaintext) {
                return sealer.seal(plaintext);
            }

            @Override
            public byte[] open(byte[] sealed) {
                opens[0]++;
                return sealer.open(sealed);
            }

            @Override
            public byte[] token(byte[] data, int offset, int length) {
                return sealer.token(data, offset, length);
            }
        };
        try (PoppedReader reader = new PoppedReader()) {
            assertThat(text(counting, reader, list.popElement(true))).isEqualTo(model.remove(0));
            EdgeJob reseal = EdgeJob.resealing(list, true);
            reseal.prepare(counting, fill, reader);
            assertThat(opens[0]).as("the reply's open only").isOne();
            reseal.commit();
            reseal.release();
        }
        assertThat(((ListNode) list.segment(0)).sliced()).isFalse();
        assertThat(contents(list, sealer)).isEqualTo(model);
        SealedList three = withSlicedHead();
        try (PoppedReader reader = new PoppedReader()) {
            assertThat(text(sealer, reader, three.popElement(true))).isEqualTo("\u0002");
            EdgeJob reseal = EdgeJob.resealing(three, true);
            reseal.prepare(sealer, fill, reader);
            reseal.commit();
            reseal.release();
        }
        assertThat(three.segment(0)).as("one element left: a single").isInstanceOf(byte[].class);
        assertThat(contents(three, sealer)).containsExactly("\u0003");
    }

    private SealedList withSlicedHead() {
        SealedList list = new SealedList(sealer.identity());
        ListPacker.seal(sealer, List.of(new byte[] {1}, new byte[] {2}, new byte[] {3}), fill, true)
                .forEach(list::addLast);
        list.popElement(true);
        return list;
    }

    @Test
    void anEdgeJobWhoseSegmentsChangedDoesNothing() {
        SealedList list = listOf(2000);
        EdgeJob pack = EdgeJob.packing(list, fill, true);
        pack.prepare(sealer, fill);
        ListPacker.packEdge(list, sealer, fill, true);
        assertThat(pack.applies()).isFalse();
        pack.release();
        while (list.edgeRun(true) > 0) {
            list.removeFirst();
        }
        EdgeJob unpack = EdgeJob.unpacking(list, true);
        unpack.prepare(sealer, fill);
        list.removeFirst();
        assertThat(unpack.applies()).as("the node it split was popped").isFalse();
        unpack.release();
        EdgeJob unprepared = EdgeJob.unpacking(list, true);
        assertThat(unprepared.applies()).isFalse();
    }

    @Test
    void nodesRespectTheFill() {
        List<byte[]> elements = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            elements.add(new byte[1000]);
        }
        for (Object segment : ListPacker.seal(sealer, elements, NodeFill.of(-1), true)) {
            assertThat(((ListNode) segment).plainBytes()).isLessThanOrEqualTo(4096);
        }
        for (Object segment : ListPacker.seal(sealer, elements.subList(0, 9), NodeFill.of(3), true)) {
            assertThat(((ListNode) segment).count()).isEqualTo(3);
        }
        assertThat(NodeFill.of(-9).maxBytes()).isEqualTo(65536);
    }

    @Test
    void blocksRefuseLengthsThatLie() {
        byte[] block = ListBlock.encode(List.of(new byte[] {1, 2}, new byte[] {3}), 0, 2);
        assertThat(ListBlock.decode(block, 2)[1]).containsExactly(3);
        assertThatThrownBy(() -> ListBlock.decode(block, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ListBlock.decode(block, 1)).isInstanceOf(IllegalArgumentException.class);
        byte[] lying = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07, 1};
        assertThatThrownBy(() -> ListBlock.decode(lying, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readingInPlaceHandsTheAskedElementsAndWipesThePlaintext() {
        List<byte[]> elements = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            elements.add(("element-" + i).getBytes(StandardCharsets.US_ASCII));
        }
        Object node = ListPacker.seal(sealer, elements, fill, true).get(0);
        assertThat(SealedList.countOf(node)).isEqualTo(50);
        List<byte[]> plaintexts = new ArrayList<>();
        List<String> handed = new ArrayList<>();
        ListBlock.ElementSink sink = (plaintext, offset, length) -> {
            plaintexts.add(plaintext);
            handed.add(new String(plaintext, offset, length, StandardCharsets.US_ASCII));
        };
        assertThat(ListPacker.read(sealer, node, 47, 10, sink)).isEqualTo(3);
        assertThat(handed).containsExactly("element-47", "element-48", "element-49");
        handed.clear();
        assertThat(ListPacker.read(sealer, node, 5, 2, sink)).isEqualTo(2);
        assertThat(handed).containsExactly("element-5", "element-6");
        handed.clear();
        assertThat(ListPacker.read(sealer, node, 50, 2, sink)).isZero();
        assertThat(ListPacker.read(sealer, node, 0, 0, sink)).isZero();
        byte[] single = sealer.seal("alone".getBytes(StandardCharsets.US_ASCII));
        assertThat(ListPacker.read(sealer, single, 1, 1, sink)).isZero();
        assertThat(ListPacker.read(sealer, single, 0, 5, sink)).isEqualTo(1);
        assertThat(handed).containsExactly("alone");
        for (byte[] plaintext : plaintexts) {
            assertThat(plaintext).containsOnly(0);
        }
    }

    @Test
    void visitingABlockChecksItsCountWhenReadToTheEnd() {
        byte[] block = ListBlock.encode(List.of(new byte[] {1, 2}, new byte[] {3}, new byte[] {4, 5, 6}), 0, 3);
        List<Integer> lengths = new ArrayList<>();
        ListBlock.ElementSink sink = (plaintext, offset, length) -> lengths.add(length);
        assertThat(ListBlock.visit(block, 3, 1, 1, sink)).isEqualTo(1);
        assertThat(lengths).containsExactly(1);
        assertThat(ListBlock.visit(block, 3, 0, 10, sink)).isEqualTo(3);
        assertThat(lengths).containsExactly(1, 2, 1, 3);
        assertThatThrownBy(() -> ListBlock.visit(block, 2, 0, 10, sink)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ListBlock.visit(block, 4, 0, 10, sink)).isInstanceOf(IllegalArgumentException.class);
        byte[] lying = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07, 1};
        assertThatThrownBy(() -> ListBlock.visit(lying, 1, 0, 1, sink)).isInstanceOf(IllegalArgumentException.class);
    }

    private SealedList smallOf(String... elements) {
        SealedList list = new SealedList(sealer.identity());
        storeSmall(list, elements);
        return list;
    }

    private void storeSmall(SealedList list, String... elements) {
        List<byte[]> plain = new ArrayList<>();
        for (String element : elements) {
            plain.add(element.getBytes(StandardCharsets.US_ASCII));
        }
        byte[] block = ListBlock.encode(plain, 0, plain.size());
        list.storeSmall(sealer.seal(block), plain.size(), block.length);
    }

    /** Text that does not compress. */
    private static String noise(int length, long seed) {
        java.util.Random random = new java.util.Random(seed);
        StringBuilder out = new StringBuilder();
        while (out.length() < length) {
            out.append(Long.toString(random.nextLong() & Long.MAX_VALUE, 36));
        }
        return out.substring(0, length);
    }

    @Test
    void aSmallListKeepsItsArrayWhileItsBlockGrowsOrShrinksALittle() {
        SealedList list = smallOf("aaaaaaaaaa", "bbbbbbbbbb", "cccccccccc", "dddddddddd");
        long memory = list.memoryBytes();
        long version = list.version();
        storeSmall(list, "aaaaaaaaaa", "bbbbbbbbbb", "cccccccccc", "dddddddddd", "eeeeeeeeee");
        assertThat(list.memoryBytes()).isEqualTo(memory);
        storeSmall(list, "aaaaaaaaaa", "bbbbbbbbbb", "cccccccccc");
        assertThat(list.memoryBytes()).isEqualTo(memory);
        assertThat(list.version()).isEqualTo(version + 2);
        assertThat(list.size()).isEqualTo(3);
        assertThat(contents(list, sealer)).containsExactly("aaaaaaaaaa", "bbbbbbbbbb", "cccccccccc");
        String long1 = noise(400, 1);
        String long2 = noise(400, 2);
        storeSmall(list, long1, long2);
        assertThat(list.memoryBytes()).isGreaterThan(memory + 400);
        assertThat(contents(list, sealer)).containsExactly(long1, long2);
    }

    @Test
    void aSmallListShowsOneNodeThatIsACopy() {
        SealedList list = smallOf("x", "y", "z");
        assertThat(list.small()).isTrue();
        assertThat(list.segmentCount()).isEqualTo(1);
        ListNode node = (ListNode) list.segment(0);
        assertThat(node.count()).isEqualTo(3);
        assertThat(node.sealed()).isNotSameAs(((ListNode) list.segment(0)).sealed());
        assertThat(list.locate(2)).isEqualTo(2);
        assertThat(list.edgeRun(true)).isZero();
        long version = list.version();
        storeSmall(list, "x", "y", "z", "w");
        assertThat(ListPacker.open(sealer, node).length).isEqualTo(3);
        assertThat(list.version()).isGreaterThan(version);
        assertThatThrownBy(() -> storeSmall(list, "only")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aSmallListBecomesOneNodeAtItsFirstChangeBySegment() {
        SealedList list = smallOf("x", "y", "z");
        list.addFirst(sealer.seal("w".getBytes(StandardCharsets.US_ASCII)));
        assertThat(list.small()).isFalse();
        assertThat(list.segmentCount()).isEqualTo(2);
        assertThat(list.size()).isEqualTo(4);
        assertThat(contents(list, sealer)).containsExactly("w", "x", "y", "z");
        SealedList other = smallOf("x", "y", "z");
        other.dropSmall();
        assertThat(other.small()).isFalse();
        assertThat(other.size()).isZero();
        assertThat(other.segmentCount()).isZero();
    }

    @Test
    void aSmallListIsWrittenAsOneNodeAndCopiedAsOne() throws IOException {
        SealedList list = smallOf("one", "two", "three");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        list.writePayload(new DataOutputStream(bytes));
        SealedList read = SealedList.readPayload(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertThat(read.small()).isFalse();
        assertThat(read.segmentCount()).isEqualTo(1);
        assertThat(contents(read, sealer)).containsExactly("one", "two", "three");
        ElementSealer target = ElementSealer.forNew(codec);
        SealedList copy = (SealedList) list.copy(sealer, target);
        assertThat(contents(copy, target)).containsExactly("one", "two", "three");
        List<byte[]> sealed = new ArrayList<>();
        list.forEachSealed(sealed::add);
        assertThat(sealed).hasSize(1);
        assertThat(sealed.get(0)).isEqualTo(((ListNode) list.segment(0)).sealed());
    }
}
