package io.sealedkv.keystore.internal;

import io.sealedkv.crypto.Aead;
import io.sealedkv.crypto.AesGcm;
import io.sealedkv.crypto.DestroyedKeyVersionException;
import io.sealedkv.crypto.ElementTokens;
import io.sealedkv.crypto.NonceSequence;
import io.sealedkv.crypto.SealingException;
import io.sealedkv.crypto.SealingKey;
import io.sealedkv.crypto.UnknownKeyVersionException;
import io.sealedkv.keystore.KeyState;
import io.sealedkv.keystore.KeyVersionInfo;
import io.sealedkv.keystore.Keystore;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The versioned data keys every built-in provider shares; the provider supplies only a
 * {@link KeyPersistence}.
 *
 * <p>State is an immutable list of {@link VersionRecord}s replaced as a whole under one lock: each
 * change builds the next list, hands it to the persistence, and only once that returned makes it
 * visible. So what callers see has always been persisted first, and a failed write changes nothing.
 *
 * <p>Nonce counters: each version's {@link NonceSequence} reserves blocks through
 * {@link #reserve}, which persists the new "reserved up to" value before returning the block, so no
 * counter is handed out twice, neither across threads nor across restarts.
 *
 * <p>Automatic rotation: a version's seal count is the counters reserved before this process started
 * sealing under it plus the nonces issued since. When the primary's count reaches
 * {@link NoncePolicy#maxSealsPerKey()}, the next {@link #primary()} rotates (persisted like
 * {@link #rotate()}). A caller that keeps a {@link SealingKey} instead of asking {@link #primary()}
 * per seal can exceed the limit by what it seals meanwhile; the default limit, 2<sup>31</sup>, leaves
 * a factor of two below the 2<sup>32</sup> of NIST SP 800-38D.
 *
 * <p>Reads ({@link #primary()} and {@link #forVersion}) take no lock. Data key arrays belong to this
 * class and are zeroed when a version is destroyed or the keystore closed; the cipher objects' own
 * copies are left to the garbage collector.
 */
public final class KeyVersions implements Keystore {
    private static final Logger LOG = LoggerFactory.getLogger(KeyVersions.class);

    private final Object lock = new Object();
    private final KeyPersistence persistence;
    private final NoncePolicy policy;
    private final SecureRandom random;
    private final Map<Integer, Aead> aeads = new ConcurrentHashMap<>();
    private final Map<Integer, ElementTokens> tokens = new ConcurrentHashMap<>();
    private final Set<Integer> destroyed = ConcurrentHashMap.newKeySet();
    private final Map<Integer, Sealer> sealers = new ConcurrentHashMap<>();
    private List<VersionRecord> records;
    private volatile Sealer primary;
    private volatile boolean closed;

    /**
     * Takes over {@code stored} (and ownership of its key arrays) after checking it with the version
     * rules.
     *
     * @throws io.sealedkv.keystore.KeystoreException with reason INVALID_CONTENT if the versions
     *         break a rule (no primary, two primaries, duplicate ids, wrong key length, ...)
     */
    public KeyVersions(List<VersionRecord> stored, KeyPersistence persistence, NoncePolicy policy,
                       SecureRandom random) {
        VersionRules.check(stored);
        this.persistence = Objects.requireNonNull(persistence, "persistence");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.random = Objects.requireNonNull(random, "random");
        this.records = List.copyOf(stored);
        for (VersionRecord v : records) {
            if (v.state() == KeyState.DESTROYED) {
                destroyed.add(v.id());
            } else {
                aeads.put(v.id(), AesGcm.create(v.key()));
                tokens.put(v.id(), ElementTokens.derive(v.id(), v.key()));
            }
        }
        this.primary = startSealing(records.stream().filter(v -> v.state() == KeyState.PRIMARY).findFirst()
                .orElseThrow());
    }

    /** A new key set with version 1 as its primary, persisted before this returns. */
    public static KeyVersions create(KeyPersistence persistence, NoncePolicy policy, SecureRandom random) {
        List<VersionRecord> first = List.of(newVersion(1, random));
        persistence.write(first);
        return new KeyVersions(first, persistence, policy, random);
    }

    @Override
    public SealingKey primary() {
        ensureOpen();
        Sealer current = primary;
        if (current.seals() < policy.maxSealsPerKey()) {
            return current.key;
        }
        synchronized (lock) {
            ensureOpen();
            if (primary == current) {
                KeyVersionInfo next = rotateLocked();
                LOG.info("data key version {} reached {} seals; version {} is the new primary",
                        current.key.version(), current.seals(), next.version());
            }
            return primary.key;
        }
    }

    @Override
    public Aead forVersion(int version) {
        ensureOpen();
        Aead aead = aeads.get(version);
        if (aead != null) {
            return aead;
        }
        ensureOpen();
        throw missing(version);
    }

    @Override
    public ElementTokens tokens(int version) {
        ensureOpen();
        ElementTokens found = tokens.get(version);
        if (found != null) {
            return found;
        }
        ensureOpen();
        throw missing(version);
    }

    private RuntimeException missing(int version) {
        if (destroyed.contains(version)) {
            return new DestroyedKeyVersionException(version);
        }
        return new UnknownKeyVersionException(version);
    }

    @Override
    public List<KeyVersionInfo> versions() {
        synchronized (lock) {
            ensureOpen();
            return records.stream().map(this::info).toList();
        }
    }

    @Override
    public KeyVersionInfo rotate() {
        synchronized (lock) {
            ensureOpen();
            return rotateLocked();
        }
    }

    @Override
    public void destroy(int version) {
        synchronized (lock) {
            ensureOpen();
            int index = indexOf(version);
            VersionRecord old = records.get(index);
            if (old.state() != KeyState.DECRYPT_ONLY) {
                throw new IllegalStateException("data key version " + version + (old.state() == KeyState.PRIMARY
                        ? " is the primary; rotate before destroying it" : " is already destroyed"));
            }
            commit(replace(index, old.destroyed()));
            destroyed.add(version);
            aeads.remove(version);
            tokens.remove(version);
            sealers.remove(version);
            Arrays.fill(old.key(), (byte) 0);
        }
    }

    @Override
    public void rotateMasterKey() {
        synchronized (lock) {
            ensureOpen();
            persistence.rotateMaster(records);
        }
    }

    /**
     * Runs {@code action} with the current versions under the lock, so no change interleaves; for
     * provider operations that rewrite the store without changing the versions (a passphrase change).
     */
    public void withVersions(Consumer<List<VersionRecord>> action) {
        synchronized (lock) {
            ensureOpen();
            action.accept(records);
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            aeads.clear();
            tokens.clear();
            sealers.clear();
            records.stream().map(VersionRecord::key).filter(Objects::nonNull).forEach(k -> Arrays.fill(k, (byte) 0));
            persistence.close();
        }
    }

    private long reserve(int version, long count) {
        synchronized (lock) {
            ensureOpen();
            int index = indexOf(version);
            VersionRecord v = records.get(index);
            if (v.state() == KeyState.DESTROYED) {
                throw new DestroyedKeyVersionException(version);
            }
            long first = v.countersReserved();
            if (first > Long.MAX_VALUE - count) {
                throw new SealingException("nonce counters of data key version " + version + " are exhausted");
            }
            commit(replace(index, v.withCountersReserved(first + count)));
            return first;
        }
    }

    private KeyVersionInfo rotateLocked() {
        int maxId = records.stream().mapToInt(VersionRecord::id).max().orElseThrow();
        if (maxId == Integer.MAX_VALUE) {
            throw new IllegalStateException("no data key version ids left");
        }
        VersionRecord fresh = newVersion(maxId + 1, random);
        List<VersionRecord> next = new ArrayList<>(records.size() + 1);
        for (VersionRecord v : records) {
            next.add(v.state() == KeyState.PRIMARY ? v.withState(KeyState.DECRYPT_ONLY) : v);
        }
        next.add(fresh);
        try {
            commit(next);
        } catch (RuntimeException e) {
            Arrays.fill(fresh.key(), (byte) 0);
            throw e;
        }
        aeads.put(fresh.id(), AesGcm.create(fresh.key()));
        tokens.put(fresh.id(), ElementTokens.derive(fresh.id(), fresh.key()));
        primary = startSealing(fresh);
        return info(fresh);
    }

    private Sealer startSealing(VersionRecord version) {
        int id = version.id();
        NonceSequence nonces = new NonceSequence(count -> reserve(id, count), policy.nonceBlock(), random);
        Sealer sealer = new Sealer(new SealingKey(id, aeads.get(id), nonces), version.countersReserved());
        sealers.put(id, sealer);
        return sealer;
    }

    private KeyVersionInfo info(VersionRecord v) {
        Sealer sealer = sealers.get(v.id());
        long seals = sealer == null ? v.countersReserved() : sealer.seals();
        return new KeyVersionInfo(v.id(), v.state(), v.created(), seals);
    }

    private void commit(List<VersionRecord> next) {
        persistence.write(next);
        records = List.copyOf(next);
    }

    private List<VersionRecord> replace(int index, VersionRecord version) {
        List<VersionRecord> next = new ArrayList<>(records);
        next.set(index, version);
        return next;
    }

    private int indexOf(int version) {
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).id() == version) {
                return i;
            }
        }
        throw new UnknownKeyVersionException(version);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("keystore is closed");
        }
    }

    private static VersionRecord newVersion(int id, SecureRandom random) {
        byte[] key = new byte[AesGcm.KEY_LENGTH];
        random.nextBytes(key);
        return new VersionRecord(id, KeyState.PRIMARY, Instant.ofEpochMilli(System.currentTimeMillis()), 0, key);
    }

    /** A version's sealing key with the seals counted before its sequence started. */
    private static final class Sealer {
        final SealingKey key;
        final long sealedBefore;

        Sealer(SealingKey key, long sealedBefore) {
            this.key = key;
            this.sealedBefore = sealedBefore;
        }

        long seals() {
            return sealedBefore + key.nonces().issued();
        }
    }
}
