/**
 * The list value: a quicklist of sealed segments (single elements at the edges, packed nodes inside),
 * its node layout and size rules, and the crypto steps that pack and split nodes. No protocol here.
 */
package io.sealedkv.engine.types.list;
