/** Command statistics, SLOWLOG, LATENCY and MONITOR, with argument values hidden by default. */
package io.sealedkv.engine.monitoring;
