package dev.mil4j.runtime.pytorch;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import dev.mil4j.converter.spi.ReferenceModel;
import dev.mil4j.converter.spi.ReferenceRuntime;
import dev.mil4j.converter.spi.ReferenceRuntimeException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Supplier;

/**
 * libtorch through DJL's PyTorch engine as the reference of TorchScript archives. DJL runs offline
 * ({@code ai.djl.offline=true} unless set otherwise): libtorch and its JNI glue come from the {@code pytorch-native-cpu}
 * and {@code pytorch-jni} jars beside this one, unpacked once into DJL's cache folder ({@code ~/.djl.ai}, or
 * {@code DJL_CACHE_DIR}), never downloaded. DJL finds its engine and native jars through the thread's context class
 * loader, so every call into DJL runs with this plugin's class loader as that loader: loaded from a plugin folder,
 * the jars are visible only to it.
 */
final class PyTorchReferenceRuntime implements ReferenceRuntime {
    static final String OFFLINE = "ai.djl.offline";

    @Override
    public String id() {
        return "pytorch";
    }

    @Override
    public String description() {
        return "PyTorch (libtorch " + withPluginLoader(() -> engine().getVersion()) + " through DJL, CPU)";
    }

    @Override
    public Set<String> frameworks() {
        return Set.of("pytorch");
    }

    @Override
    public ReferenceModel load(Path file) {
        return withPluginLoader(() -> {
            engine();
            String name = file.getFileName().toString();
            String stem = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
            Model model = Model.newInstance(stem, "PyTorch");
            try {
                model.load(file.toAbsolutePath().getParent(), stem);
            } catch (IOException | MalformedModelException | RuntimeException e) {
                model.close();
                throw new ReferenceRuntimeException("PyTorch cannot load " + file + ": " + e.getMessage(), e);
            }
            return new DjlModel(file, model);
        });
    }

    private static Engine engine() {
        if (System.getProperty(OFFLINE) == null) {
            System.setProperty(OFFLINE, "true");
        }
        try {
            return Engine.getEngine("PyTorch");
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            throw new ReferenceRuntimeException("DJL cannot start its PyTorch engine: " + e.getMessage() + " (the jars "
                    + "pytorch-jni and pytorch-native-cpu of this platform must be beside runtime-pytorch's)", e);
        }
    }

    /** Runs {@code work} with this plugin's class loader as the thread's context class loader. */
    static <T> T withPluginLoader(Supplier<T> work) {
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(PyTorchReferenceRuntime.class.getClassLoader());
        try {
            return work.get();
        } finally {
            t.setContextClassLoader(previous);
        }
    }
}
