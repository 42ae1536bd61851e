package io.sealedkv.engine.server;

/** CLIENT REPLY: whether the client gets replies. SKIP drops the reply of the next command only. */
public enum ReplyMode { ON, OFF, SKIP }
