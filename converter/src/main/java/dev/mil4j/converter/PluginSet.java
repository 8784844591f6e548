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
import dev.mil4j.converter.spi.ReferenceRuntime;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registries assembled from a set of plugins: ops, passes and pipelines, translations per frontend, frontends,
 * backends, interpreter kernels (the interpreter's built-in kernels plus the plugins') and reference runtimes. Each
 * plugin's Guice module is run in its own injector, so every contribution is registered under the id of the plugin
 * that made it, and collisions name both plugins; each registration is logged at debug level. Immutable once built; safe to share
 * between threads.
 */
public final class PluginSet {
    private static final Logger LOG = LoggerFactory.getLogger(PluginSet.class);

    private final OpRegistry ops = new OpRegistry();
    private final PassRegistry passes = new PassRegistry();
    private final Map<String, TranslationRegistry<?>> translations = new LinkedHashMap<>();
    private final Registry<String, Frontend<?>> frontends = new Registry<>("frontend");
    private final Registry<String, Backend> backends = new Registry<>("backend");
    private final Registry<String, ReferenceRuntime> runtimes = new Registry<>("reference runtime");
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
            return set(TypeLiteral.get(type));
        }

        @SuppressWarnings("unchecked") // Types.setOf(type) is the type Set<T>
        <T> Set<T> set(TypeLiteral<T> type) {
            TypeLiteral<Set<T>> setType = (TypeLiteral<Set<T>>) TypeLiteral.get(
                    com.google.inject.util.Types.setOf(type.getType()));
            return injector.getInstance(Key.get(setType));
        }

        Set<Frontend<?>> frontends() {
            return set(new TypeLiteral<Frontend<?>>() {
            });
        }
    }

    private void registerFrontendsAndBackends(Pending pp) {
        String id = pp.plugin().plugin().id();
        for (Frontend<?> f : sorted(pp.frontends(), Frontend::id)) {
            guard(id, () -> frontends.register(f.id(), f, id, false));
            if (f.translationType() == null) {
                throw new PluginException("frontend '" + f.id() + "' of plugin '" + id + "' declares no translation "
                        + "type: its translationType() must return the class its translations implement");
            }
            translations.putIfAbsent(f.id(), emptyRegistry(f));
            LOG.debug("plugin {} registers frontend {}", id, f.id());
        }
        for (Backend b : sorted(pp.set(Backend.class), Backend::id)) {
            guard(id, () -> backends.register(b.id(), b, id, false));
            LOG.debug("plugin {} registers backend {}", id, b.id());
        }
    }

    private static <T> TranslationRegistry<T> emptyRegistry(Frontend<T> frontend) {
        return new TranslationRegistry<>(frontend.id(), frontend.translationType());
    }

    private void registerTheRest(Pending pp) {
        LoadedPlugin lp = pp.plugin();
        String id = lp.plugin().id();
        List<String> listed = new ArrayList<>();
        var opContribs = sorted(pp.set(Contributions.OpContribution.class), c -> c.def().name() + "@" + c.def().since());
        for (Contributions.OpContribution c : opContribs) {
            guard(id, () -> ops.register(c.def(), id, c.override()));
            registered(listed, id, (c.def().isCustom() ? "custom op " : "op ") + c.def().name()
                    + (c.override() ? " (override)" : ""));
        }
        for (Contributions.PassContribution c : sorted(pp.set(Contributions.PassContribution.class),
                c -> c.pass().id())) {
            guard(id, () -> passes.register(c.pass(), id, c.override()));
            registered(listed, id, "pass " + c.pass().id() + (c.override() ? " (override)" : ""));
        }
        for (Contributions.PipelineContribution c : sorted(pp.set(Contributions.PipelineContribution.class),
                c -> c.pipeline().name())) {
            guard(id, () -> passes.registerPipeline(c.pipeline(), id, c.override()));
            registered(listed, id, "pipeline " + c.pipeline().name() + (c.override() ? " (override)" : ""));
        }
        for (TranslationContribution c : sorted(pp.set(TranslationContribution.class),
                c -> c.frontend() + "/" + c.sourceOp())) {
            TranslationRegistry<?> tr = translations.get(c.frontend());
            if (tr == null) {
                throw new PluginException("plugin '" + id + "' contributes a translation of " + c.sourceOp()
                        + " for frontend '" + c.frontend() + "', which is not installed; installed frontends: "
                        + (translations.isEmpty() ? "(none)" : String.join(", ", translations.keySet())));
            }
            guard(id, () -> tr.register(c, id));
            registered(listed, id, c.frontend() + " translation " + c.sourceOp() + (c.aliases().isEmpty() ? ""
                    : " " + c.aliases()) + (c.override() ? " (override)" : ""));
        }
        for (KernelContribution c : sorted(pp.set(KernelContribution.class), KernelContribution::opName)) {
            guard(id, () -> kernels.register(c.opName(), c.kernel(), id, c.override()));
            registered(listed, id, "kernel " + c.opName() + (c.override() ? " (override)" : ""));
        }
        for (ReferenceRuntime r : sorted(pp.set(ReferenceRuntime.class), ReferenceRuntime::id)) {
            guard(id, () -> runtimes.register(r.id(), r, id, false));
            registered(listed, id, "reference runtime " + r.id() + " of " + String.join(", ",
                    new java.util.TreeSet<>(r.frameworks())));
        }
        for (Frontend<?> f : sorted(pp.frontends(), Frontend::id)) {
            listed.add(0, "frontend " + f.id());
        }
        for (Backend b : sorted(pp.set(Backend.class), Backend::id)) {
            listed.add(0, "backend " + b.id());
        }
        infos.add(new PluginInfo(id, lp.plugin().version(), lp.source(), listed));
    }

    /** Lists a contribution of plugin {@code pluginId} and logs it. */
    private static void registered(List<String> listed, String pluginId, String contribution) {
        listed.add(contribution);
        LOG.debug("plugin {} registers {}", pluginId, contribution);
    }

    /** Runs a registration of plugin {@code pluginId}: a refusal becomes a {@link PluginException}. */
    private static void guard(String pluginId, Runnable registration) {
        try {
            registration.run();
        } catch (dev.mil4j.core.registry.RegistrationConflictException | IllegalArgumentException e) {
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

    /**
     * The translations of an installed frontend, for listings: empty (of {@code Object}s) for an id no frontend
     * has.
     */
    public TranslationRegistry<?> translations(String frontendId) {
        return translations.getOrDefault(requireNonNull(frontendId, "frontendId is null"),
                new TranslationRegistry<>(frontendId, Object.class));
    }

    /**
     * The translations of a frontend, typed as it takes them (empty for a frontend that is not installed).
     *
     * @throws IllegalArgumentException when {@code frontend} is not the installed frontend of its id but another
     *     with a different translation type
     */
    public <T> TranslationRegistry<T> translations(Frontend<T> frontend) {
        TranslationRegistry<?> registry = translations.get(frontend.id());
        if (registry == null) {
            return emptyRegistry(frontend);
        }
        if (registry.type() != frontend.translationType()) {
            throw new IllegalArgumentException("the " + frontend.id() + " translations are "
                    + registry.type().getName() + "s, not " + frontend.translationType().getName() + "s");
        }
        @SuppressWarnings("unchecked") // made by emptyRegistry(f) for the frontend of this id, whose type it has
        TranslationRegistry<T> typed = (TranslationRegistry<T>) registry;
        return typed;
    }

    public Optional<Frontend<?>> frontend(String id) {
        return frontends.value(id);
    }

    public List<Frontend<?>> frontends() {
        return frontends.registrations().stream().<Frontend<?>>map(r -> r.value()).toList();
    }

    public Optional<Backend> backend(String id) {
        return backends.value(id);
    }

    public List<Backend> backends() {
        return backends.registrations().stream().map(r -> r.value()).toList();
    }

    /** The reference runtimes of the plugins ({@code mil4j verify}), in registration order. */
    public List<ReferenceRuntime> referenceRuntimes() {
        return runtimes.registrations().stream().map(r -> r.value()).toList();
    }

    /** The first reference runtime that runs models of the frontend {@code frameworkId}, if one is installed. */
    public Optional<ReferenceRuntime> referenceRuntime(String frameworkId) {
        requireNonNull(frameworkId, "frameworkId is null");
        return referenceRuntimes().stream().filter(r -> r.frameworks().contains(frameworkId)).findFirst();
    }

    /** The loaded plugins with their contributions, in load order. */
    public List<PluginInfo> plugins() {
        return List.copyOf(infos);
    }

    /** A plugin with the place it was loaded from. */
    record LoadedPlugin(Mil4jPlugin plugin, String source) {
    }
}
