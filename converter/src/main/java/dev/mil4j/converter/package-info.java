/**
 * The converter: {@link dev.mil4j.converter.Converter} runs a conversion (frontend, pass pipeline with the user's
 * edits, backend check) and returns a {@link dev.mil4j.converter.ConvertedModel} to save, or runs a model in the
 * reference interpreter; {@link dev.mil4j.converter.ConvertOptions} says what to convert and how. The converter
 * assembles its registries from plugins ({@link dev.mil4j.converter.PluginSet}), found on the class and module path
 * or in plugin jars, and lists them ({@link dev.mil4j.converter.PluginInfo}). Plugins build against
 * {@link dev.mil4j.converter.spi}, never against this package.
 */
package dev.mil4j.converter;
