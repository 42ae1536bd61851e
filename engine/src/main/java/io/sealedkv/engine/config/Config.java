package io.sealedkv.engine.config;

import io.sealedkv.engine.command.Glob;
import io.sealedkv.engine.keyspace.KeyspaceEvents;
import io.sealedkv.engine.monitoring.LatencyPercentiles;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The server's configuration: one table of {@link ConfigParameter}s under their Redis names, filled from a sealedkv.conf in Redis's syntax and command-line overrides, read and changed
 * at run time by CONFIG GET and CONFIG SET.
 *
 * <p>Parameters SealedKV adds (fixed at startup): {@code keystore-provider} (default {@code file};
 * {@code memory} keeps keys in the process only), {@code keystore-file} (default: a development
 * keystore {@code <dir>/dev-keystore.sks}, created on first start with a random passphrase in
 * {@code <dir>/dev-keystore.passphrase}), {@code keystore-passphrase-file} (default: the passphrase
 * comes from the environment variable {@code SEALEDKV_KEYSTORE_PASSPHRASE}), {@code value-compression}
 * (default {@code yes}: LZF before sealing; switch it off where values mix attacker-chosen and secret
 * bytes), {@code value-compression-min-bytes} (default 200), {@code show-argument-values} (default
 * {@code no}: MONITOR and SLOWLOG show command and key names but hide every other argument),
 * {@code rewrap-keys-per-second} (default 0: no limit; changeable at run time: the most values
 * {@code SEALEDKV REWRAP} reseals a second, to bound the CPU a background rewrap takes),
 * {@code snapshot-salvage} (default {@code no}; {@code yes} loads the verified part of a damaged snapshot
 * instead of refusing to start, for disaster recovery, and logs what was lost) and {@code metrics-port}
 * (default 0: off; otherwise an HTTP endpoint on that port, on the {@code bind} addresses, serving
 * {@code GET /metrics} in the Prometheus text format: clients, commands and per-command calls and time,
 * keyspace hits and misses, expired and evicted keys, used memory, keys per database, blocked clients,
 * pub/sub channels; numbers only, never key names or values, and no authentication, so bind it where
 * only the monitoring system reaches).
 *
 * <p>Differences from Redis: {@code port 0} picks a free port instead of disabling TCP (unless a
 * {@code tls-port} is set: then it disables plaintext TCP, as in Redis); {@code bind}
 * defaults to the loopback addresses; {@code io-threads} is the number of network threads, which
 * also execute commands (default: three quarters of the processors, at least one, see {@link #defaultIoThreads});
 * {@code io-transport} (SealedKV's own, read at start) chooses how they
 * wait for the network: {@code auto} (io_uring where the kernel offers it, else epoll, else NIO),
 * {@code io_uring}, {@code epoll} or {@code nio}; {@code daemonize yes} is refused; {@code dbfilename} defaults to
 * {@code dump.sealed} (the file is not an RDB file, see the snapshot format); {@code save} defaults to no
 * save points (Redis: {@code 3600 1 300 100 60 10000}), so nothing is written unless configured;
 * {@code appendonly} is accepted and reported but has no effect;
 * {@code dir} and {@code dbfilename} are protected configs as in Redis 7.0 with
 * {@code enable-protected-configs no}, which SealedKV has no switch for; {@code maxmemory} limits the
 * estimated cost of keys and values (see {@code keyspace.MemoryCost}) plus 1 MiB for the server
 * itself ({@code used_memory}), not the JVM's whole heap: over it, keys are evicted as {@code maxmemory-policy} says (sampling
 * {@code maxmemory-samples} keys per database), and commands flagged denyoom fail with -OOM when
 * nothing more can be evicted; {@code maxmemory-policy}, {@code lfu-log-factor} and
 * {@code lfu-decay-time} also decide what OBJECT FREQ and IDLETIME track. The collection thresholds
 * ({@code hash-max-listpack-entries}, {@code list-max-listpack-size}, ...) are accepted under their
 * Redis 7 names and their old {@code *-ziplist-*} aliases; {@code set-max-listpack-*} are Redis 7.2's.
 */
public final class Config {
    private static final long INT_MAX = Integer.MAX_VALUE;
    private static final long UINT_MAX = 0xFFFF_FFFFL;
    private static final long LONG_MAX = Long.MAX_VALUE;
    /** Redis's IO_THREADS_MAX_NUM. */
    private static final int MAX_IO_THREADS = 128;
    private static final long MB = 1024 * 1024;

    private final Map<String, ConfigParameter> byName = new LinkedHashMap<>();
    private final Map<String, ConfigParameter> byAlias = new LinkedHashMap<>();
    private volatile String configFile;
    private final List<List<String>> userDirectives = new ArrayList<>();
    private final List<GroupHook> groupHooks = new ArrayList<>();

    public Config() {
        add(ConfigParameter.integer("port", true, 0, 65535, "6379"));
        add(ConfigParameter.string("bind", true, "127.0.0.1 -::1"));
        add(ConfigParameter.string("dir", true, ".").protectedConfig());
        add(ConfigParameter.string("requirepass", true, ""));
        add(ConfigParameter.integer("maxclients", true, 1, UINT_MAX, "10000"));
        add(ConfigParameter.integer("timeout", true, 0, INT_MAX, "0"));
        add(ConfigParameter.memory("proto-max-bulk-len", true, MB, LONG_MAX, "536870912"));
        add(ConfigParameter.memory("client-query-buffer-limit", true, MB, LONG_MAX, "1073741824"));
        add(ConfigParameter.integer("databases", false, 1, INT_MAX, "16"));
        add(ConfigParameter.custom("hz", true, Config::parseHz, "10"));
        add(ConfigParameter.integer("io-threads", false, 1, MAX_IO_THREADS,
                Integer.toString(defaultIoThreads(Runtime.getRuntime().availableProcessors()))));
        add(ConfigParameter.oneOf("io-transport", false, "auto", "auto", "io_uring", "epoll", "nio"));
        add(ConfigParameter.integer("tcp-keepalive", true, 0, INT_MAX, "300"));
        add(ConfigParameter.integer("tcp-backlog", false, 0, INT_MAX, "511"));
        add(ConfigParameter.bool("protected-mode", true, "yes"));
        add(ConfigParameter.oneOf("loglevel", true, "notice", "debug", "verbose", "notice", "warning"));
        add(ConfigParameter.string("logfile", false, ""));
        add(ConfigParameter.string("pidfile", false, ""));
        add(ConfigParameter.custom("daemonize", false, Config::parseNoDaemonize, "no"));
        add(ConfigParameter.custom("save", true, SaveParameters::parse, ""));
        add(ConfigParameter.string("dbfilename", true, "dump.sealed").protectedConfig());
        add(ConfigParameter.bool("stop-writes-on-bgsave-error", true, "yes"));
        add(ConfigParameter.bool("snapshot-salvage", false, "no"));
        add(ConfigParameter.bool("appendonly", true, "no"));
        add(ConfigParameter.memory("maxmemory", true, 0, LONG_MAX, "0"));
        add(ConfigParameter.oneOf("maxmemory-policy", true, "noeviction", "volatile-lru", "volatile-lfu",
                "volatile-random", "volatile-ttl", "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction"));
        add(ConfigParameter.integer("maxmemory-samples", true, 1, INT_MAX, "5"));
        add(ConfigParameter.integer("lfu-log-factor", true, 0, INT_MAX, "10"));
        add(ConfigParameter.integer("lfu-decay-time", true, 0, INT_MAX, "1"));
        add(ConfigParameter.integer("active-expire-effort", true, 1, 10, "1"));
        add(ConfigParameter.bool("value-compression", false, "yes"));
        add(ConfigParameter.integer("value-compression-min-bytes", false, 0, INT_MAX, "200"));
        add(ConfigParameter.integer("rewrap-keys-per-second", true, 0, INT_MAX, "0"));
        add(ConfigParameter.string("keystore-provider", false, "file"));
        add(ConfigParameter.string("keystore-file", false, ""));
        add(ConfigParameter.string("keystore-passphrase-file", false, ""));
        addCollectionThresholds();
        add(ConfigParameter.integer("slowlog-log-slower-than", true, -1, LONG_MAX, "10000"));
        add(ConfigParameter.integer("slowlog-max-len", true, 0, LONG_MAX, "128"));
        add(ConfigParameter.integer("latency-monitor-threshold", true, 0, LONG_MAX, "0"));
        add(ConfigParameter.bool("latency-tracking", true, "yes"));
        add(ConfigParameter.custom("latency-tracking-info-percentiles", true, LatencyPercentiles::parse, "50 99 99.9"));
        add(ConfigParameter.bool("show-argument-values", true, "no"));
        add(ConfigParameter.integer("metrics-port", false, 0, 65535, "0"));
        add(ConfigParameter.string("aclfile", false, ""));
        add(ConfigParameter.integer("acllog-max-len", true, 0, LONG_MAX, "128"));
        add(ConfigParameter.oneOf("acl-pubsub-default", true, "resetchannels", "allchannels", "resetchannels"));
        add(ConfigParameter.custom("notify-keyspace-events", true, Config::parseNotifyClasses, ""));
        add(ConfigParameter.integer("tracking-table-max-keys", true, 0, LONG_MAX, "1000000"));
        add(ConfigParameter.custom("client-output-buffer-limit", true,
                text -> ClientOutputBufferLimits.parse(text, currentOutputLimits()), ClientOutputBufferLimits.DEFAULT));
        addTlsParameters();
    }

    /**
     * TLS under Redis's names, changeable with CONFIG SET as in Redis (the server rebuilds its TLS context
     * once per CONFIG SET, see {@link #afterChangeOf}): {@code tls-port} 0 means no TLS listener; {@code tls-protocols} accepts TLSv1.2 and TLSv1.3 only;
     * {@code tls-ciphers} and {@code tls-ciphersuites} are colon-separated cipher names (OpenSSL or
     * IANA spelling), not OpenSSL's cipher-string keywords. See {@code server.TlsContexts}.
     */
    private void addTlsParameters() {
        add(ConfigParameter.integer("tls-port", true, 0, 65535, "0"));
        add(ConfigParameter.string("tls-cert-file", true, ""));
        add(ConfigParameter.string("tls-key-file", true, ""));
        add(ConfigParameter.string("tls-key-file-pass", true, ""));
        add(ConfigParameter.string("tls-ca-cert-file", true, ""));
        add(ConfigParameter.string("tls-ca-cert-dir", true, ""));
        add(ConfigParameter.oneOf("tls-auth-clients", true, "yes", "yes", "no", "optional"));
        add(ConfigParameter.custom("tls-protocols", true, Config::parseTlsProtocols, "TLSv1.2 TLSv1.3"));
        add(ConfigParameter.string("tls-ciphers", true, ""));
        add(ConfigParameter.string("tls-ciphersuites", true, ""));
        add(ConfigParameter.bool("tls-prefer-server-ciphers", true, "no"));
        add(ConfigParameter.bool("tls-session-caching", true, "yes"));
        add(ConfigParameter.integer("tls-session-cache-size", true, 0, INT_MAX, "20480"));
        add(ConfigParameter.integer("tls-session-cache-timeout", true, 0, INT_MAX, "300"));
    }

    /**
     * {@code io-threads}' default on a machine with {@code processors} processors: three quarters of them, at least
     * one and at most the parameter's limit (a default beyond it would stop every server from starting), as Redis
     * advises for its I/O threads (leave a core spare: 2-3 threads on 4 cores, 6 on 8). A core left to the kernel's
     * network stack, the collector, the JIT and clients on the same host keeps the network threads from waiting for
     * one: on two cores shared with a client, two network threads more than doubled the unpipelined p99 against one
     * (BENCHMARKS.md, session 23).
     */
    static int defaultIoThreads(int processors) {
        return Math.max(1, Math.min(MAX_IO_THREADS, processors * 3 / 4));
    }

    private static Object parseTlsProtocols(String text) {
        List<String> protocols = new ArrayList<>();
        for (String word : text.trim().split("\\s+")) {
            String protocol = switch (word.toLowerCase(Locale.ROOT)) {
                case "tlsv1.2" -> "TLSv1.2";
                case "tlsv1.3" -> "TLSv1.3";
                default -> throw new ConfigException("argument must be TLSv1.2 and/or TLSv1.3, not '" + word + "'");
            };
            if (!protocols.contains(protocol)) {
                protocols.add(protocol);
            }
        }
        return String.join(" ", protocols);
    }

    /** The output buffer limits in force (null while the table is being built). */
    public ClientOutputBufferLimits currentOutputLimits() {
        ConfigParameter limits = byName.get("client-output-buffer-limit");
        return limits == null ? null : (ClientOutputBufferLimits) limits.value();
    }

    /** The sizes up to which a collection is kept as one sealed compact block, with their Redis 7.0 defaults. */
    private void addCollectionThresholds() {
        add(ConfigParameter.integer("hash-max-listpack-entries", true, 0, LONG_MAX, "512"), "hash-max-ziplist-entries");
        add(ConfigParameter.integer("hash-max-listpack-value", true, 0, LONG_MAX, "64"), "hash-max-ziplist-value");
        add(ConfigParameter.integer("list-max-listpack-size", true, Integer.MIN_VALUE, INT_MAX, "-2"),
                "list-max-ziplist-size");
        add(ConfigParameter.integer("set-max-intset-entries", true, 0, LONG_MAX, "512"));
        add(ConfigParameter.integer("set-max-listpack-entries", true, 0, LONG_MAX, "128"));
        add(ConfigParameter.integer("set-max-listpack-value", true, 0, LONG_MAX, "64"));
        add(ConfigParameter.integer("zset-max-listpack-entries", true, 0, LONG_MAX, "128"), "zset-max-ziplist-entries");
        add(ConfigParameter.integer("zset-max-listpack-value", true, 0, LONG_MAX, "64"), "zset-max-ziplist-value");
    }

    private void add(ConfigParameter parameter, String... aliases) {
        byName.put(parameter.name(), parameter);
        for (String alias : aliases) {
            byAlias.put(alias, parameter);
        }
    }

    /** The parameter named {@code name} (any case), or null; Redis's old aliases name their parameter. */
    public ConfigParameter parameter(String name) {
        ConfigParameter exact = byName.get(name);
        if (exact != null) {
            return exact;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        ConfigParameter found = byName.get(lower);
        return found != null ? found : byAlias.get(lower);
    }

    public Collection<ConfigParameter> parameters() {
        return byName.values();
    }

    public long longValue(String name) {
        return (Long) parameter(name).value();
    }

    public int intValue(String name) {
        return (int) longValue(name);
    }

    public boolean boolValue(String name) {
        return (Boolean) parameter(name).value();
    }

    public String stringValue(String name) {
        return (String) parameter(name).value();
    }

    /** The {@code user} directives of the config file (each: name, then rules), applied by the ACL at startup. */
    public List<List<String>> userDirectives() {
        return List.copyOf(userDirectives);
    }

    public void addUserDirective(List<String> words) {
        userDirectives.add(List.copyOf(words));
    }

    public String configFile() {
        return configFile;
    }

    public void configFile(String path) {
        this.configFile = path;
    }

    /**
     * Every parameter one of {@code patterns} names, as name to value, each name once: a glob pattern
     * answers the parameters' own names and their aliases' (an alias is a name of its own, as in Redis
     * 7.0); a plain name (no {@code * ? [}) is matched ignoring case and answered as it was spelled.
     */
    public Map<String, String> get(List<String> patterns) {
        Map<String, String> matches = new LinkedHashMap<>();
        Set<String> found = new HashSet<>();
        for (String pattern : patterns) {
            if (isGlob(pattern)) {
                byte[] glob = pattern.getBytes(StandardCharsets.UTF_8);
                addMatches(glob, byName, found, matches);
                addMatches(glob, byAlias, found, matches);
            } else {
                ConfigParameter parameter = parameter(pattern);
                if (parameter != null && found.add(pattern.toLowerCase(Locale.ROOT))) {
                    matches.put(pattern, parameter.text());
                }
            }
        }
        return matches;
    }

    private static void addMatches(byte[] glob, Map<String, ConfigParameter> names, Set<String> found,
                                   Map<String, String> matches) {
        for (Map.Entry<String, ConfigParameter> named : names.entrySet()) {
            if (Glob.matches(glob, named.getKey().getBytes(StandardCharsets.UTF_8), true) && found.add(named.getKey())) {
                matches.put(named.getKey(), named.getValue().text());
            }
        }
    }

    private static boolean isGlob(String pattern) {
        return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0 || pattern.indexOf('[') >= 0;
    }

    /**
     * Sets several parameters at once: all are parsed first, and if one fails nothing is changed.
     *
     * @throws ConfigSetException naming the argument that failed
     */
    public void set(List<Map.Entry<String, String>> pairs, boolean atStartup) {
        Map<ConfigParameter, Object> parsed = new LinkedHashMap<>();
        // as Redis 7.0, where an old alias is a parameter of its own: a name and its alias both apply,
        // the last wins
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, String> pair : pairs) {
            ConfigParameter parameter = parameter(pair.getKey());
            if (parameter == null) {
                throw new ConfigSetException.Unknown(pair.getKey());
            }
            if (!seen.add(pair.getKey().toLowerCase(Locale.ROOT))) {
                throw new ConfigSetException(pair.getKey(), "duplicate parameter");
            }
            if (!atStartup && !parameter.mutable()) {
                throw new ConfigSetException(pair.getKey(), "can't set immutable config");
            }
            if (!atStartup && parameter.isProtected()) {
                throw new ConfigSetException(pair.getKey(), "can't set protected config");
            }
            try {
                parsed.put(parameter, parameter.parse(pair.getValue()));
            } catch (ConfigException e) {
                throw new ConfigSetException(pair.getKey(), e.getMessage());
            }
        }
        Map<ConfigParameter, Object> previous = apply(parsed, pairs);
        try {
            runGroupHooks(pairs);
        } catch (ConfigSetException e) {
            previous.forEach(ConfigParameter::set);
            throw e;
        }
    }

    /**
     * Runs {@code hook} once after a CONFIG SET that changed any parameter named {@code prefix}..., when
     * all of its values are set (so a certificate and its key change together). The hook may refuse with
     * {@link ConfigException}: every value that CONFIG SET changed is then restored.
     */
    public void afterChangeOf(String prefix, Runnable hook) {
        Set<ConfigParameter> parameters = new HashSet<>();
        byName.forEach((name, parameter) -> {
            if (name.startsWith(prefix)) {
                parameters.add(parameter);
            }
        });
        groupHooks.add(new GroupHook(parameters, hook));
    }

    private void runGroupHooks(List<Map.Entry<String, String>> pairs) {
        for (GroupHook group : groupHooks) {
            Optional<String> first = pairs.stream().map(Map.Entry::getKey)
                    .filter(name -> group.parameters().contains(parameter(name))).findFirst();
            if (first.isEmpty()) {
                continue;
            }
            try {
                group.hook().run();
            } catch (ConfigException e) {
                throw new ConfigSetException(first.get(), e.getMessage());
            }
        }
    }

    private record GroupHook(Set<ConfigParameter> parameters, Runnable hook) {
    }

    /** Sets the parsed values in order, all or nothing; returns the values they replaced. */
    private static Map<ConfigParameter, Object> apply(Map<ConfigParameter, Object> parsed,
                                                      List<Map.Entry<String, String>> pairs) {
        Map<ConfigParameter, Object> previous = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        pairs.forEach(pair -> names.add(pair.getKey()));
        int i = 0;
        for (Map.Entry<ConfigParameter, Object> change : parsed.entrySet()) {
            ConfigParameter parameter = change.getKey();
            Object old = parameter.value();
            try {
                parameter.set(change.getValue());
                previous.put(parameter, old);
            } catch (ConfigException e) {
                previous.forEach(ConfigParameter::set);
                throw new ConfigSetException(names.get(i), e.getMessage());
            }
            i++;
        }
        return previous;
    }

    private static Object parseHz(String text) {
        long hz;
        try {
            hz = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new ConfigException("argument couldn't be parsed into an integer");
        }
        if (hz < 0 || hz > INT_MAX) {
            throw new ConfigException("argument must be between 0 and " + INT_MAX + " inclusive");
        }
        return Math.max(1, Math.min(500, hz));
    }

    private static Object parseNotifyClasses(String text) {
        try {
            return KeyspaceEvents.classes(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    private static Object parseNoDaemonize(String text) {
        if (!text.equalsIgnoreCase("no") && !text.equalsIgnoreCase("yes")) {
            throw new ConfigException("argument must be 'yes' or 'no'");
        }
        if (text.equalsIgnoreCase("yes")) {
            throw new ConfigException("daemonize is not supported: run the server under a process supervisor");
        }
        return Boolean.FALSE;
    }
}
