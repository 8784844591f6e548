package dev.mil4j.frontend.pytorch.graph;

import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.diag.Location;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.frontend.pytorch.archive.PyTuple;
import dev.mil4j.frontend.pytorch.archive.TorchArchive;
import dev.mil4j.frontend.pytorch.archive.TorchObject;
import dev.mil4j.frontend.pytorch.archive.TorchTensor;
import dev.mil4j.frontend.pytorch.script.ClassDef;
import dev.mil4j.frontend.pytorch.script.Parser;
import dev.mil4j.frontend.pytorch.script.ScriptCode;
import dev.mil4j.frontend.pytorch.script.ScriptSyntaxException;
import dev.mil4j.frontend.pytorch.script.SourceFile;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Reads an opened archive into the graph of its root module's {@code forward}. */
public final class TorchScriptLoader {
    private TorchScriptLoader() {
    }

    /**
     * Unpickles the module tree and constants, parses every code file, and builds the graph.
     *
     * @throws ConversionException for any problem, naming the entry, file and line
     */
    public static TorchGraph load(TorchArchive archive) {
        return load(archive, List.of());
    }

    /**
     * Like {@link #load(TorchArchive)}, knowing the shapes of {@code forward}'s arguments where given (positional),
     * so that the code's rank and size queries of its inputs fold.
     *
     * @throws ConversionException for any problem, naming the entry, file and line
     */
    public static TorchGraph load(TorchArchive archive, List<Optional<Shape>> inputShapes) {
        return load(archive, inputShapes, List.of());
    }

    /**
     * Like {@link #load(TorchArchive, List)}, knowing the element types of {@code forward}'s arguments too, so that
     * the code's dtype checks of its inputs fold.
     *
     * @throws ConversionException for any problem, naming the entry, file and line
     */
    public static TorchGraph load(TorchArchive archive, List<Optional<Shape>> inputShapes,
            List<Optional<DType>> inputTypes) {
        Object root = archive.unpickle("data.pkl", "data");
        if (!(root instanceof TorchObject module)) {
            throw new ConversionException(Diagnostic.error(archive.path() + " has a data.pkl that holds "
                    + root.getClass().getSimpleName() + ", not a TorchScript module")
                    .withHint(TorchArchive.SAVE_HINT));
        }
        PyTuple constants = new PyTuple(List.of());
        if (archive.has("constants.pkl")) {
            Object c = archive.unpickle("constants.pkl", "constants");
            if (!(c instanceof PyTuple t)) {
                throw new ConversionException(Diagnostic.error(archive.path() + " has a constants.pkl that is not "
                        + "a tuple"));
            }
            constants = t;
        }
        return GraphBuilder.build(module, code(archive), constants, inputShapes, inputTypes);
    }

    /**
     * The parameters of the module tree by dotted name ({@code conv1.weight}), in the order of PyTorch's
     * {@code named_parameters()}: a module's own (those its class lists in {@code __parameters__}, skipping
     * {@code None}), then each submodule's, depth first; a tensor shared by two modules is listed once.
     *
     * @throws ConversionException when the archive is not a TorchScript module
     */
    public static Map<String, TorchTensor> parameters(TorchArchive archive) {
        return tensors(archive, ClassDef::parameters);
    }

    /** The buffers of the module tree ({@code bn1.running_mean}), in the order of {@code named_buffers()}. */
    public static Map<String, TorchTensor> buffers(TorchArchive archive) {
        return tensors(archive, ClassDef::buffers);
    }

    private static Map<String, TorchTensor> tensors(TorchArchive archive,
            Function<ClassDef, List<String>> listed) {
        Object root = archive.unpickle("data.pkl", "data");
        if (!(root instanceof TorchObject module)) {
            throw new ConversionException(Diagnostic.error(archive.path() + " has a data.pkl that holds "
                    + root.getClass().getSimpleName() + ", not a TorchScript module")
                    .withHint(TorchArchive.SAVE_HINT));
        }
        Map<String, TorchTensor> out = new LinkedHashMap<>();
        collect(module, "", classes(archive), listed, out, new IdentityHashMap<>());
        return out;
    }

    private static void collect(TorchObject module, String prefix, Map<String, ClassDef> classes,
            Function<ClassDef, List<String>> listed, Map<String, TorchTensor> out,
            Map<Object, Boolean> seen) {
        ClassDef cls = classes.get(module.className());
        if (cls == null) {
            throw new ConversionException(Diagnostic.error((prefix.isEmpty() ? "the root module"
                    : "module " + prefix.substring(0, prefix.length() - 1)) + " is a " + module.className()
                    + ", but the archive's code has no class of that name"));
        }
        for (String name : listed.apply(cls)) {
            if (module.attribute(name).orElse(null) instanceof TorchTensor t && seen.put(t, true) == null) {
                out.put(prefix + name, t);
            }
        }
        for (Map.Entry<String, Object> e : module.attributes().entrySet()) {
            if (e.getValue() instanceof TorchObject child) {
                collect(child, prefix + e.getKey() + ".", classes, listed, out, seen);
            }
        }
    }

    /** Every class of the archive's code, by qualified name. */
    public static Map<String, ClassDef> classes(TorchArchive archive) {
        return code(archive).classes();
    }

    /** Every class and free function of the archive's code, by qualified name. */
    public static ScriptCode code(TorchArchive archive) {
        List<SourceFile> files = new ArrayList<>();
        for (String file : archive.codeFiles()) {
            SourceFile source;
            try {
                source = Parser.parse(file, archive.readText(file));
            } catch (ScriptSyntaxException e) {
                throw new ConversionException(Diagnostic.error("cannot parse the TorchScript code of "
                        + archive.path() + ": " + e.getMessage()).at(new Location("torch", "", "", e.file(),
                        e.line())));
            }
            files.add(source);
        }
        return ScriptCode.of(files);
    }
}
