package io.sealedkv.tools.rdb;

import java.util.Map;

/** What an export wrote: keys per database and type, the RDB version, sizes and time. */
public record ExportReport(int rdbVersion, long keys, Map<Integer, Map<String, Long>> databases, long snapshotBytes,
                           long rdbBytes, double seconds) {
}
