/**
 * The state ops of iOS18: {@code read_state} and {@code coreml_update_state}, through which a function reads and
 * writes the states (such as key/value caches) that persist across predictions.
 */
package dev.mil4j.ops.state;
