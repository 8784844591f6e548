/**
 * The plugin SPI: what a plugin jar implements and receives. A {@link dev.mil4j.converter.spi.Mil4jPlugin}, found
 * with {@code ServiceLoader}, returns a Guice module that contributes through
 * {@link dev.mil4j.converter.spi.Contributions}: op definitions, passes and pipelines, translations for a frontend
 * ({@link dev.mil4j.converter.spi.TranslationContribution}, collected per frontend in a typed
 * {@link dev.mil4j.converter.spi.TranslationRegistry}), interpreter kernels, and whole
 * {@link dev.mil4j.converter.spi.Frontend}s and {@link dev.mil4j.converter.spi.Backend}s. Frontends and backends see
 * a conversion's options through the read-only {@link dev.mil4j.converter.spi.ConversionOptions}, with the user's
 * {@link dev.mil4j.converter.spi.InputType}s and {@link dev.mil4j.converter.spi.Precision}. Nothing here depends on
 * the converter's own package, so a plugin needs only this package, mil-core, mil-ops and the interpreter's kernel
 * API.
 */
package dev.mil4j.converter.spi;
