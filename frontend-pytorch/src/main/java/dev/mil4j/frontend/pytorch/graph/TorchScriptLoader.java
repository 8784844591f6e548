package dev.mil4j.frontend.pytorch.graph;

import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.diag.Location;
import dev.mil4j.frontend.pytorch.archive.PyTuple;
import dev.mil4j.frontend.pytorch.archive.TorchArchive;
import dev.mil4j.frontend.pytorch.archive.TorchObject;
import dev.mil4j.frontend.pytorch.script.ClassDef;
import dev.mil4j.frontend.pytorch.script.Parser;
import dev.mil4j.frontend.pytorch.script.ScriptSyntaxException;
import dev.mil4j.frontend.pytorch.script.SourceFile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        return GraphBuilder.build(module, classes(archive), constants);
    }

    /** Every class of the archive's code, by qualified name. */
    public static Map<String, ClassDef> classes(TorchArchive archive) {
        Map<String, ClassDef> classes = new LinkedHashMap<>();
        for (String file : archive.codeFiles()) {
            SourceFile source;
            try {
                source = Parser.parse(file, archive.readText(file));
            } catch (ScriptSyntaxException e) {
                throw new ConversionException(Diagnostic.error("cannot parse the TorchScript code of "
                        + archive.path() + ": " + e.getMessage()).at(new Location("torch", "", "", e.file(),
                        e.line())));
            }
            for (ClassDef c : source.classes()) {
                classes.put(c.qualifiedName(), c);
            }
        }
        return classes;
    }
}
