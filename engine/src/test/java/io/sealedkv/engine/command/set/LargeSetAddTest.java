package io.sealedkv.engine.command.set;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedkv.codec.CodecOptions;
import io.sealedkv.codec.SealingValueCodec;
import io.sealedkv.engine.command.ElementSealer;
import io.sealedkv.engine.types.set.SetValue;
import io.sealedkv.engine.types.table.TokenList;
import io.sealedkv.keystore.Keystore;
import io.sealedkv.keystore.Keystores;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A SADD to a large set looks for the members the set lacks under one hold and adds under another: what
 * counts is what the set lacks at the second, even a member that was there at the first and removed in
 * between (it is then sealed under the second hold), or one added in between (left alone). A run's first look
 * is a guess without the lock, corrected in the same way.
 */
class LargeSetAddTest {
    private final Keystore keystore = Keystores.open("memory", Map.of());
    private final ElementSealer sealer = ElementSealer.forNew(new SealingValueCodec(keystore, CodecOptions.DEFAULTS));
    private final byte[] a = bytes("a");
    private final byte[] b = bytes("b");
    private final byte[] c = bytes("c");

    @AfterEach
    void close() {
        keystore.close();
    }

    @Test
    void whatCountsIsWhatTheSetLacksAtTheSecondLook() {
        SetValue set = SetValue.large(sealer.identity(), 8);
        set.add(sealer.token(a), sealer.seal(a));
        LargeSetAdd add = new LargeSetAdd(bytes("s"), List.of(a, b, c, b));
        add.tokenize(sealer);
        assertThat(add.findAbsent(set)).isTrue();
        add.sealAbsent();
        // between the two holds another client removes a and adds c
        addsWhatTheSetLacksAfterAIsRemovedAndCAdded(set, add);
    }

    @Test
    void aSetLackingNothingAtTheFirstLookNeedsNoSeal() {
        SetValue set = SetValue.large(sealer.identity(), 8);
        set.add(sealer.token(a), sealer.seal(a));
        LargeSetAdd add = new LargeSetAdd(bytes("s"), List.of(a));
        add.tokenize(sealer);
        assertThat(add.findAbsent(set)).isFalse();
        assertThat(add.lacking(set)).isZero();
    }

    @Test
    void aRunsGuessWithoutTheLockIsCorrectedUnderTheHold() {
        SetValue set = SetValue.large(sealer.identity(), 8);
        set.add(sealer.token(a), sealer.seal(a));
        LargeSetAdd add = new LargeSetAdd(bytes("s"), List.of(a, b, c));
        add.tokenize(sealer);
        TokenList tokens = new TokenList();
        add.addTokens(tokens);
        boolean[] seen = new boolean[4];
        set.touch(tokens, seen);
        assertThat(seen).containsExactly(true, false, false, false);
        add.sealUnseen(seen, 0);
        // between the guess and the hold another client removes a (guessed there) and adds c (guessed absent)
        addsWhatTheSetLacksAfterAIsRemovedAndCAdded(set, add);
    }

    /** Another client removes a and adds c; then {@code add} of a, b and c, under the hold, adds a and b. */
    private void addsWhatTheSetLacksAfterAIsRemovedAndCAdded(SetValue set, LargeSetAdd add) {
        assertThat(set.remove(sealer.token(a))).isTrue();
        set.add(sealer.token(c), sealer.seal(c));

        assertThat(add.lacking(set)).isEqualTo(2);

        add.addTo(set);
        assertThat(members(set)).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void aMemberWronglyGuessedPresentIsSealedUnderTheHold() {
        SetValue set = SetValue.large(sealer.identity(), 8);
        set.add(sealer.token(a), sealer.seal(a));
        LargeSetAdd add = new LargeSetAdd(bytes("s"), List.of(b, a));
        add.tokenize(sealer);
        boolean[] seen = {true, true, false, true};
        add.sealUnseen(seen, 1);
        assertThat(add.lacking(set)).as("b, guessed there, is sealed under the hold").isEqualTo(1);
        add.addTo(set);
        assertThat(members(set)).containsExactlyInAnyOrder("a", "b");
    }

    private List<String> members(SetValue set) {
        return IntStream.range(0, (int) set.size())
                .mapToObj(i -> new String(sealer.open(set.sealedAt(i)), StandardCharsets.US_ASCII)).toList();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
