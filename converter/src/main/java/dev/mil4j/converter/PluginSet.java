package dev.mil4j.converter;

import static java.util.Objects.requireNonNull;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registries assembled from a set of plugins: ops, passes and pipelines, translations per frontend, frontends,
 * backends, interpreter kernels (the interpreter's built-in kernels plus the plugins') and reference runtimes. Every
 * contribution is registered under the id of the plugin that made it, and collisions name both plugins; each
 * registration is logged at debug level. A plugin's module is run without Guice when it only contributes (see
 * {@link Contributions}), in an injector of its own otherwise. Work is proportional to what is used: a frontend's
 * translation tables are built when its translations are first asked for, and the interpreter's kernels when they
 * are (a conversion needs neither a foreign frontend's table nor the kernels); a plugin contributing single
 * translations or kernels has those registries built at once, so that its conflicts are reported on loading.
 * Immutable once built as seen from outside; safe to share between threads.
 */
public final class PluginSet {
    private static final Logger LOG = LoggerFactory.getLogger(PluginSet.class);

    private final OpRegistry ops = new OpRegistry();
    private final PassRegistry passes = new PassRegistry();
    private final Map<String, LazyTranslations> translations = new LinkedHashMap<>();
    private final Registry<String, Frontend<?>> frontends = new Registry<>("frontend");
    private final Registry<String, Backend> backends = new Registry<>("backend");
    private final Registry<String, ReferenceRuntime> runtimes = new Registry<>("reference runtime");
    private final List<Listing> listings = new ArrayList<>();
    /** Guards the registries built on first use and the listings they add to. */
    private final Object lazyLock = new Object();
    private final List<KernelContribution> pendingKernels = new ArrayList<>();
    private final List<String> pendingKernelPlugins = new ArrayList<>();
    private KernelRegistry kernels;

    private PluginSet() {
    }

    /** A plugin's listing: its info without the contributions, and their lines (added to as tables are built). */
    private record Listing(LoadedPlugin plugin, List<String> lines) {
    }

    /**
     * Assembles {@code plugins} (with the source each came from).
     *
     * @throws PluginException when a plugin cannot be loaded or its contributions collide with another's
     */
    static PluginSet assemble(List<LoadedPlugin> plugins) {
        PluginSet set = new PluginSet();
        List<PluginContributions> all = new ArrayList<>();
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
            PluginContributions pc = PluginContributions.of(lp);
            LOG.debug("plugin {} read {}", p.id(), pc.injected() ? "with a Guice injector" : "without Guice");
            all.add(pc);
        }
        // frontends and backends first, so translations can be checked against the frontends that exist
        for (PluginContributions pc : all) {
            set.registerFrontendsAndBackends(pc);
        }
        synchronized (set.lazyLock) {
            for (PluginContributions pc : all) {
                set.registerTheRest(pc);
            }
        }
        return set;
    }

    private void registerFrontendsAndBackends(PluginContributions pc) {
        String id = pc.id();
        for (Frontend<?> f : pc.frontends()) {
            guard(id, () -> frontends.register(f.id(), f, id, false));
            if (f.translationType() == null) {
                throw new PluginException("frontend '" + f.id() + "' of plugin '" + id + "' declares no translation "
                        + "type: its translationType() must return the class its translations implement");
            }
            translations.putIfAbsent(f.id(), new LazyTranslations(emptyRegistry(f)));
            LOG.debug("plugin {} registers frontend {}", id, f.id());
        }
        for (Backend b : pc.sorted(Backend.class, Backend::id)) {
            guard(id, () -> backends.register(b.id(), b, id, false));
            LOG.debug("plugin {} registers backend {}", id, b.id());
        }
    }

    private static <T> TranslationRegistry<T> emptyRegistry(Frontend<T> frontend) {
        return new TranslationRegistry<>(frontend.id(), frontend.translationType());
    }

    private void registerTheRest(PluginContributions pc) {
        String id = pc.id();
        List<String> listed = new ArrayList<>();
        for (Frontend<?> f : pc.frontends()) {
            listed.add(0, "frontend " + f.id());
        }
        for (Backend b : pc.sorted(Backend.class, Backend::id)) {
            listed.add(0, "backend " + b.id());
        }
        for (Contributions.OpContribution c : pc.sorted(Contributions.OpContribution.class,
                c -> c.def().name() + "@" + c.def().since())) {
            guard(id, () -> ops.register(c.def(), id, c.override()));
            registered(listed, id, (c.def().isCustom() ? "custom op " : "op ") + c.def().name()
                    + (c.override() ? " (override)" : ""));
        }
        for (Contributions.PassContribution c : pc.sorted(Contributions.PassContribution.class, c -> c.pass().id())) {
            guard(id, () -> passes.register(c.pass(), id, c.override()));
            registered(listed, id, "pass " + c.pass().id() + (c.override() ? " (override)" : ""));
        }
        for (Contributions.PipelineContribution c : pc.sorted(Contributions.PipelineContribution.class,
                c -> c.pipeline().name())) {
            guard(id, () -> passes.registerPipeline(c.pipeline(), id, c.override()));
            registered(listed, id, "pipeline " + c.pipeline().name() + (c.override() ? " (override)" : ""));
        }
        for (Contributions.TranslationTable t : pc.sorted(Contributions.TranslationTable.class,
                Contributions.TranslationTable::frontend)) {
            installed(id, t.frontend(), "a table of translations").defer(t, id, listed);
        }
        for (TranslationContribution c : pc.sorted(TranslationContribution.class,
                c -> c.frontend() + "/" + c.sourceOp())) {
            installed(id, c.frontend(), "a translation of " + c.sourceOp()).register(c, id, listed);
        }
        for (KernelContribution c : pc.sorted(KernelContribution.class, KernelContribution::opName)) {
            pendingKernels.add(c);
            pendingKernelPlugins.add(id);
        }
        if (!pendingKernels.isEmpty()) {
            kernels(listed); // a plugin's kernels are checked against the others' on loading
        }
        for (ReferenceRuntime r : pc.sorted(ReferenceRuntime.class, ReferenceRuntime::id)) {
            guard(id, () -> runtimes.register(r.id(), r, id, false));
            registered(listed, id, "reference runtime " + r.id() + " of " + String.join(", ",
                    new java.util.TreeSet<>(r.frameworks())));
        }
        listings.add(new Listing(pc.plugin(), listed));
    }

    private LazyTranslations installed(String pluginId, String frontendId, String what) {
        LazyTranslations tr = translations.get(frontendId);
        if (tr == null) {
            throw new PluginException("plugin '" + pluginId + "' contributes " + what + " for frontend '"
                    + frontendId + "', which is not installed; installed frontends: "
                    + (translations.isEmpty() ? "(none)" : String.join(", ", translations.keySet())));
        }
        return tr;
    }

    /** The kernel registry, made (the built-in kernels) and given the plugins' queued kernels; under the lock. */
    private KernelRegistry kernels(List<String> listed) {
        if (kernels == null) {
            kernels = StandardKernels.newRegistry();
        }
        for (int i = 0; i < pendingKernels.size(); i++) {
            KernelContribution c = pendingKernels.get(i);
            String id = pendingKernelPlugins.get(i);
            guard(id, () -> kernels.register(c.opName(), c.kernel(), id, c.override()));
            registered(listed, id, "kernel " + c.opName() + (c.override() ? " (override)" : ""));
        }
        pendingKernels.clear();
        pendingKernelPlugins.clear();
        return kernels;
    }

    /** Lists a contribution of plugin {@code pluginId} and logs it. */
    static void registered(List<String> listed, String pluginId, String contribution) {
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
        synchronized (lazyLock) {
            return kernels(List.of());
        }
    }

    /**
     * The translations of an installed frontend, for listings: empty (of {@code Object}s) for an id no frontend
     * has.
     */
    public TranslationRegistry<?> translations(String frontendId) {
        LazyTranslations lazy = translations.get(requireNonNull(frontendId, "frontendId is null"));
        if (lazy == null) {
            return new TranslationRegistry<>(frontendId, Object.class);
        }
        synchronized (lazyLock) {
            return lazy.built();
        }
    }

    /**
     * The translations of a frontend, typed as it takes them (empty for a frontend that is not installed).
     *
     * @throws IllegalArgumentException when {@code frontend} is not the installed frontend of its id but another
     *     with a different translation type
     */
    public <T> TranslationRegistry<T> translations(Frontend<T> frontend) {
        LazyTranslations lazy = translations.get(frontend.id());
        if (lazy == null) {
            return emptyRegistry(frontend);
        }
        TranslationRegistry<?> registry;
        synchronized (lazyLock) {
            registry = lazy.built();
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
        synchronized (lazyLock) {
            for (LazyTranslations t : translations.values()) {
                t.built();
            }
            List<PluginInfo> out = new ArrayList<>();
            for (Listing l : listings) {
                out.add(new PluginInfo(l.plugin().plugin().id(), l.plugin().plugin().version(), l.plugin().source(),
                        l.lines()));
            }
            return out;
        }
    }

    /** A plugin with the place it was loaded from. */
    record LoadedPlugin(Mil4jPlugin plugin, String source) {
    }
}
