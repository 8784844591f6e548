package dev.mil4j.converter;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Stage;
import com.google.inject.TypeLiteral;
import com.google.inject.util.Types;
import dev.mil4j.converter.PluginSet.LoadedPlugin;
import dev.mil4j.converter.internal.ContributionRecorder;
import dev.mil4j.converter.spi.Backend;
import dev.mil4j.converter.spi.Contributions;
import dev.mil4j.converter.spi.Frontend;
import dev.mil4j.converter.spi.KernelContribution;
import dev.mil4j.converter.spi.Mil4jPlugin;
import dev.mil4j.converter.spi.ReferenceRuntime;
import dev.mil4j.converter.spi.TranslationContribution;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What one plugin's module contributes, read without Guice when the module only calls {@link Contributions} (the
 * usual case: {@link ContributionRecorder}), and from a Guice injector of the plugin's own when it uses Guice itself.
 */
final class PluginContributions {
    /** Every contribution type, in the order an injector's sets are read (made only when an injector is). */
    private static List<TypeLiteral<?>> types() {
        return List.of(TypeLiteral.get(Contributions.OpContribution.class),
            TypeLiteral.get(Contributions.PassContribution.class),
            TypeLiteral.get(Contributions.PipelineContribution.class),
            TypeLiteral.get(TranslationContribution.class), TypeLiteral.get(Contributions.TranslationTable.class),
            new TypeLiteral<Frontend<?>>() {
            }, TypeLiteral.get(Backend.class), TypeLiteral.get(KernelContribution.class),
            TypeLiteral.get(ReferenceRuntime.class));
    }

    private final LoadedPlugin plugin;
    private final List<Object> items;
    private final boolean injected;

    private PluginContributions(LoadedPlugin plugin, List<Object> items, boolean injected) {
        this.plugin = plugin;
        this.items = items;
        this.injected = injected;
    }

    /**
     * Runs the plugin's module: recorded when it only contributes, else in a Guice injector.
     *
     * @throws PluginException when the module fails
     */
    static PluginContributions of(LoadedPlugin lp) {
        Mil4jPlugin p = lp.plugin();
        try {
            Optional<List<Object>> recorded = ContributionRecorder.record(p.module());
            if (recorded.isPresent()) {
                return new PluginContributions(lp, recorded.get(), false);
            }
            Injector injector = Guice.createInjector(Stage.PRODUCTION, Contributions::declareAll, p.module());
            List<Object> items = new ArrayList<>();
            for (TypeLiteral<?> type : types()) {
                items.addAll(set(injector, type));
            }
            return new PluginContributions(lp, items, true);
        } catch (RuntimeException e) {
            throw new PluginException("plugin '" + p.id() + "' (" + lp.source() + ") failed to start: "
                    + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked") // Types.setOf(type) is the type Set<T>
    private static <T> Set<T> set(Injector injector, TypeLiteral<T> type) {
        return injector.getInstance(Key.get((TypeLiteral<Set<T>>) TypeLiteral.get(Types.setOf(type.getType()))));
    }

    LoadedPlugin plugin() {
        return plugin;
    }

    String id() {
        return plugin.plugin().id();
    }

    /** Whether the plugin's module needed a Guice injector. */
    boolean injected() {
        return injected;
    }

    /** The contributions of one type, sorted by {@code key} (stable: equal keys keep the module's order). */
    <T> List<T> sorted(Class<T> type, Function<T, String> key) {
        List<T> out = new ArrayList<>();
        for (Object item : items) {
            if (type.isInstance(item)) {
                out.add(type.cast(item));
            }
        }
        out.sort(Comparator.comparing(key));
        return out;
    }

    @SuppressWarnings({"unchecked", "rawtypes"}) // a Frontend of some translation type
    List<Frontend<?>> frontends() {
        return (List) sorted(Frontend.class, Frontend::id);
    }
}
