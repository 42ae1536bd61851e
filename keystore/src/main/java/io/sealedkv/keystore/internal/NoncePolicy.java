package io.sealedkv.keystore.internal;

import java.util.Set;

/**
 * When the primary data key rotates and how many nonce counters one reservation covers.
 *
 * <p>Settings (shared by every built-in provider):
 * <ul>
 *   <li>{@code max-seals-per-key} (default 2<sup>31</sup>, at least 1): once the primary has sealed
 *       this many values, the next {@code primary()} call rotates. Counted conservatively: every
 *       counter reserved before this process opened the keystore counts as used.</li>
 *   <li>{@code nonce-block} (default 2<sup>20</sup>, 1 to 2<sup>40</sup>): counters reserved, and
 *       written to the store, per reservation. Larger means fewer writes; a restart wastes at most
 *       one block.</li>
 * </ul>
 */
public record NoncePolicy(long maxSealsPerKey, long nonceBlock) {
    public static final String MAX_SEALS_PER_KEY = "max-seals-per-key";
    public static final String NONCE_BLOCK = "nonce-block";
    public static final Set<String> SETTINGS = Set.of(MAX_SEALS_PER_KEY, NONCE_BLOCK);
    public static final long DEFAULT_MAX_SEALS_PER_KEY = 1L << 31;
    public static final long DEFAULT_NONCE_BLOCK = 1L << 20;

    public NoncePolicy {
        if (maxSealsPerKey < 1 || nonceBlock < 1) {
            throw new IllegalArgumentException("max seals and nonce block must be positive");
        }
    }

    public static NoncePolicy from(Settings settings) {
        return new NoncePolicy(
                settings.number(MAX_SEALS_PER_KEY, DEFAULT_MAX_SEALS_PER_KEY, 1, Long.MAX_VALUE),
                settings.number(NONCE_BLOCK, DEFAULT_NONCE_BLOCK, 1, 1L << 40));
    }
}
