package dev.mil4j.converter;

import dev.mil4j.converter.spi.Contributions.TranslationTable;
import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.converter.spi.TranslationRegistry;
import dev.mil4j.core.registry.RegistrationConflictException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;

/**
 * The translations of one frontend, registered in the order of the plugins but built when first used: a table
 * ({@link dev.mil4j.converter.spi.Contributions#translations}) waits until a conversion or a listing asks for the
 * frontend's registry, while a single translation is registered at once, after the tables of the plugins before
 * it, so that its conflicts are reported when the plugins are loaded. Guarded by the lock of the {@link PluginSet}.
 */
final class LazyTranslations {
    private final TranslationRegistry<?> registry;
    private final Queue<Pending> pending = new ArrayDeque<>();

    private record Pending(TranslationTable table, String pluginId, List<String> listed) {
    }

    LazyTranslations(TranslationRegistry<?> registry) {
        this.registry = registry;
    }

    /** Queues a table of plugin {@code pluginId}, whose listing gets its lines when it is built. */
    void defer(TranslationTable table, String pluginId, List<String> listed) {
        pending.add(new Pending(table, pluginId, listed));
    }

    /** Registers one translation now, after every table queued before it. */
    void register(TranslationContribution c, String pluginId, List<String> listed) {
        built();
        registerOne(c, pluginId, listed);
    }

    /** The registry with every queued table in it. */
    TranslationRegistry<?> built() {
        while (!pending.isEmpty()) {
            Pending p = pending.remove();
            List<TranslationContribution> table = new ArrayList<>(p.table().table().get());
            table.sort(Comparator.comparing(c -> c.frontend() + "/" + c.sourceOp()));
            for (TranslationContribution c : table) {
                if (!c.frontend().equals(registry.frontend())) {
                    throw new PluginException("plugin '" + p.pluginId() + "' gives a translation of " + c.sourceOp()
                            + " for frontend '" + c.frontend() + "' in its table of '" + registry.frontend()
                            + "' translations; contribute it in a table of its own frontend");
                }
                registerOne(c, p.pluginId(), p.listed());
            }
        }
        return registry;
    }

    private void registerOne(TranslationContribution c, String pluginId, List<String> listed) {
        try {
            registry.register(c, pluginId);
        } catch (RegistrationConflictException | IllegalArgumentException e) {
            throw new PluginException(e.getMessage(), e);
        }
        PluginSet.registered(listed, pluginId, c.frontend() + " translation " + c.sourceOp()
                + (c.aliases().isEmpty() ? "" : " " + c.aliases()) + (c.override() ? " (override)" : ""));
    }
}
