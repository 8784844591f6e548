package dev.mil4j.converter.spi;

import com.google.inject.Module;

/**
 * A mil4j plugin: an extension jar's entry point, found with {@link java.util.ServiceLoader} ({@code provides
 * dev.mil4j.converter.spi.Mil4jPlugin with ...} in its module-info, plus a {@code META-INF/services} entry for the
 * class path). Its Guice {@link #module()} contributes op definitions, translations, passes, pipelines, frontends and
 * backends through {@link Contributions}. Frontends and backends of mil4j itself are plugins too.
 *
 * <pre>{@code
 * public final class CustomTopKPlugin implements Mil4jPlugin {
 *     public String id() { return "custom-topk"; }
 *     public String version() { return "1.0"; }
 *     public int apiVersion() { return API_VERSION; } // compiled in: the version this plugin was built against
 *     public Module module() {
 *         return binder -> {
 *             Contributions.op(binder, new CustomTopKOp());
 *             Contributions.translation(binder, TranslationContribution.overriding("tensorflow", "TopKV2",
 *                     new TopKV2Translation()));
 *         };
 *     }
 * }
 * }</pre>
 */
public interface Mil4jPlugin {
    /**
     * The plugin API version of this build of mil4j. A plugin returns it from {@link #apiVersion()}; since it is a
     * compile-time constant, the value is the one the plugin was built against, and a plugin built for another API
     * version is refused with a message.
     */
    int API_VERSION = 1;

    /** A short, unique id such as {@code custom-topk}; it names the plugin in every message and listing. */
    String id();

    /** The plugin's own version. */
    String version();

    /** The plugin API version the plugin was built against: return {@link #API_VERSION}. */
    int apiVersion();

    /** The Guice module that makes the plugin's contributions. */
    Module module();
}
