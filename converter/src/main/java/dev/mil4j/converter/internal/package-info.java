/**
 * The converter's internals that its SPI package needs to see ({@code Contributions} records into
 * {@link dev.mil4j.converter.internal.ContributionRecorder}); not exported, not for plugins.
 */
package dev.mil4j.converter.internal;
