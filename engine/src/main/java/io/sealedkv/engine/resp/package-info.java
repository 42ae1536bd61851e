/**
 * The Redis serialization protocol: {@link io.sealedkv.engine.resp.RespDecoder} (bytes to requests,
 * limits checked up front) and {@link io.sealedkv.engine.resp.RespWriter} (replies in RESP2 or RESP3).
 */
package io.sealedkv.engine.resp;
