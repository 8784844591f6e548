package dev.mil4j.converter;

import static java.util.Objects.requireNonNull;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Stage;
import com.google.inject.TypeLiteral;
import dev.mil4j.converter.spi.Backend;
import dev.mil4j.converter.spi.Contributions;
import dev.mil4j.converter.spi.Frontend;
import dev.mil4j.converter.spi.KernelContribution;
import dev.mil4j.converter.spi.Mil4jPlugin;
import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.converter.spi.TranslationRegistry;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.pass.PassRegistry;
import dev.mil4j.core.registry.Registry;
import dev.mil4j.interpreter.KernelRegistry;
import dev.mil4j.interpreter.kernels.StandardKernels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The registries assembled from a set of plugins: ops, passes and pipelines, translations per frontend, frontends,
 * backends and interpreter kernels (the interpreter's built-in kernels plus the plugins'). Each plugin's Guice module is run in its own injector, so every contribution is registered under
 * the id of the plugin that made it, and collisions name both plugins. Immutable once built; safe to share between
 * threads.
 */
public final class PluginSet {
    private final OpRegistry ops = new OpRegistry();
    private final PassRegistry passes = new PassRegistry();
    private final Map<String, TranslationRegistry> translations = new LinkedHashMap<>();
    private final Registry<String, Frontend> frontends = new Registry<>("frontend");
    private final Registry<String, Backend> backends = new Registry<>("backend");
    private final KernelRegistry kernels = StandardKernels.newRegistry();
    private final List<PluginInfo> infos = new ArrayList<>();

    private PluginSet() {
    }

    /**
     * Assembles {@code plugins} (with the source each came from).
     *
     * @throws PluginException when a plugin cannot be loaded or its contributions collide with another's
     */
    static PluginSet assemble(List<LoadedPlugin> plugins) {
        PluginSet set = new PluginSet();
        List<Pending> pending = new ArrayList<>();
        Map<String, LoadedPlugin> byId = new LinkedHashMap<>();
        for (LoadedPlugin lp : plugins) {
            Mil4jPlugin p = lp.plugin();
            LoadedPlugin previous = byId.putIfAbsent(p.id(), lp);
            if (previous != null) {
                throw new PluginException("two plugins have the id '" + p.id() + "': one from " + previous.source()
                        + " and one from " + lp.source() + "; remove one of them");
            }
            if (p.apiVersion() != Mil4jPlugin.API_VERSION) {
                throw new PluginException("plugin '" + p.id() + "' (" + lp.source() + ") was built for mil4j plugin "
                        + "API version " + p.apiVersion() + ", but this mil4j has version " + Mil4jPlugin.API_VERSION
                        + "; use a build of the plugin for this version of mil4j");
            }
            Injector injector;
            try {
                injector = Guice.createInjector(Stage.PRODUCTION, Contributions::declareAll, p.module());
            } catch (RuntimeException e) {
                throw new PluginException("plugin '" + p.id() + "' (" + lp.source() + ") failed to start: "
                        + e.getMessage(), e);
            }
            pending.add(new Pending(lp, injector));
        }
        // frontends and backends first, so translations can be checked against the frontends that exist
        for (Pending pp : pending) {
            set.registerFrontendsAndBackends(pp);
        }
        for (Pending pp : pending) {
            set.registerTheRest(pp);
        }
        return set;
    }

    private record Pending(LoadedPlugin plugin, Injector injector) {
        <T> Set<T> set(Class<T> type) {
            return injector.getInstance(Key.get(setOf(type)));
        }

        @SuppressWarnings("unchecked")
        private static <T> TypeLiteral<Set<T>> setOf(Class<T> type) {
            return (TypeLiteral<Set<T>>) TypeLiteral.get(com.google.inject.util.Types.setOf(type));
        }
    }

    private void registerFrontendsAndBackends(Pending pp) {
        String id = pp.plugin().plugin().id();
        for (Frontend f : sorted(pp.set(Frontend.class), Frontend::id)) {
            guard(id, () -> frontends.register(f.id(), f, id, false));
            translations.putIfAbsent(f.id(), new TranslationRegistry(f.id()));
        }
        for (Backend b : sorted(pp.set(Backend.class), Backend::id)) {
            guard(id, () -> backends.register(b.id(), b, id, false));
        }
    }

    private void registerTheRest(Pending pp) {
        LoadedPlugin lp = pp.plugin();
        String id = lp.plugin().id();
        List<String> listed = new ArrayList<>();
        var opContribs = sorted(pp.set(Contributions.OpContribution.class), c -> c.def().name() + "@" + c.def().since());
        for (Contributions.OpContribution c : opContribs) {
            guard(id, () -> ops.register(c.def(), id, c.override()));
            listed.add((c.def().isCustom() ? "custom op " : "op ") + c.def().name() + (c.override() ? " (override)" : ""));
        }
        for (Contributions.PassContribution c : sorted(pp.set(Contributions.PassContribution.class),
                c -> c.pass().id())) {
            guard(id, () -> passes.register(c.pass(), id, c.override()));
            listed.add("pass " + c.pass().id() + (c.override() ? " (override)" : ""));
        }
        for (Contributions.PipelineContribution c : sorted(pp.set(Contributions.PipelineContribution.class),
                c -> c.pipeline().name())) {
            guard(id, () -> passes.registerPipeline(c.pipeline(), id, c.override()));
            listed.add("pipeline " + c.pipeline().name() + (c.override() ? " (override)" : ""));
        }
        for (TranslationContribution c : sorted(pp.set(TranslationContribution.class),
                c -> c.frontend() + "/" + c.sourceOp())) {
            TranslationRegistry tr = translations.get(c.frontend());
            if (tr == null) {
                throw new PluginException("plugin '" + id + "' contributes a translation of " + c.sourceOp()
                        + " for frontend '" + c.frontend() + "', which is not installed; installed frontends: "
                        + (translations.isEmpty() ? "(none)" : String.join(", ", translations.keySet())));
            }
            guard(id, () -> tr.register(c, id));
            listed.add(c.frontend() + " translation " + c.sourceOp() + (c.aliases().isEmpty() ? ""
                    : " " + c.aliases()) + (c.override() ? " (override)" : ""));
        }
        for (KernelContribution c : sorted(pp.set(KernelContribution.class), KernelContribution::opName)) {
            guard(id, () -> kernels.register(c.opName(), c.kernel(), id, c.override()));
            listed.add("kernel " + c.opName() + (c.override() ? " (override)" : ""));
        }
        for (Frontend f : sorted(pp.set(Frontend.class), Frontend::id)) {
            listed.add(0, "frontend " + f.id());
        }
        for (Backend b : sorted(pp.set(Backend.class), Backend::id)) {
            listed.add(0, "backend " + b.id());
        }
        infos.add(new PluginInfo(id, lp.plugin().version(), lp.source(), listed));
    }

    private static void guard(String pluginId, Runnable registration) {
        try {
            registration.run();
        } catch (dev.mil4j.core.registry.RegistrationConflictException e) {
            throw new PluginException(e.getMessage(), e);
        }
    }

    private static <T> List<T> sorted(Set<T> set, java.util.function.Function<T, String> key) {
        List<T> list = new ArrayList<>(set);
        list.sort(Comparator.comparing(key));
        return list;
    }

    public OpRegistry ops() {
        return ops;
    }

    public PassRegistry passes() {
        return passes;
    }

    /**
     * The interpreter kernels: those of the standard op set (registrant {@link KernelRegistry#BUILT_IN}) and the
     * plugins' (registrant = plugin id). Treat as read-only.
     */
    public KernelRegistry kernels() {
        return kernels;
    }

    /** The translations of a frontend (empty registry for a frontend nobody contributes to). */
    public TranslationRegistry translations(String frontendId) {
        return translations.getOrDefault(requireNonNull(frontendId, "frontendId is null"),
                new TranslationRegistry(frontendId));
    }

    public Optional<Frontend> frontend(String id) {
        return frontends.value(id);
    }

    public List<Frontend> frontends() {
        return frontends.registrations().stream().map(r -> r.value()).toList();
    }

    public Optional<Backend> backend(String id) {
        return backends.value(id);
    }

    public List<Backend> backends() {
        return backends.registrations().stream().map(r -> r.value()).toList();
    }

    /** The loaded plugins with their contributions, in load order. */
    public List<PluginInfo> plugins() {
        return List.copyOf(infos);
    }

    /** A plugin with the place it was loaded from. */
    record LoadedPlugin(Mil4jPlugin plugin, String source) {
    }
}
