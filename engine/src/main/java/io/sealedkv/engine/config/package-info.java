/**
 * Configuration in Redis's file syntax with command-line overrides, and the parameter table CONFIG
 * GET and CONFIG SET work on. See {@link io.sealedkv.engine.config.Config} for the parameters.
 */
package io.sealedkv.engine.config;
