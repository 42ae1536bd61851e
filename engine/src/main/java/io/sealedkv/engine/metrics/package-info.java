/** The Prometheus metrics endpoint ({@code metrics-port}): server counters as numbers, never keys or values. */
package io.sealedkv.engine.metrics;
