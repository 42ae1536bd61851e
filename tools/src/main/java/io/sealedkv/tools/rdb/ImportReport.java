package io.sealedkv.tools.rdb;

import java.util.Map;

/**
 * What an import did: keys per database and type, keys skipped because their expiry had passed, data
 * skipped as unsupported (by kind), whether the file's CRC-64 was verified (false when it has none), and
 * sizes and time.
 */
public record ImportReport(int rdbVersion, long keys, Map<Long, Map<String, Long>> databases, long expiredSkipped,
                           Map<String, Long> unsupportedSkipped, boolean checksumVerified, long rdbBytes,
                           long snapshotBytes, double seconds) {
}
