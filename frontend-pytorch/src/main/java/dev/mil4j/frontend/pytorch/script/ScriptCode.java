package dev.mil4j.frontend.pytorch.script;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The code of an archive: every class and every free function ({@code torch.jit.script}-compiled helpers such as
 * {@code __torch__.torch.nn.functional.batch_norm}) by qualified name.
 */
public record ScriptCode(Map<String, ClassDef> classes, Map<String, FunctionDef> functions) {
    public ScriptCode {
        classes = Collections.unmodifiableMap(new LinkedHashMap<>(classes));
        functions = Collections.unmodifiableMap(new LinkedHashMap<>(functions));
    }

    /** The classes and functions of parsed files, by {@code module.name}. */
    public static ScriptCode of(List<SourceFile> files) {
        Map<String, ClassDef> classes = new LinkedHashMap<>();
        Map<String, FunctionDef> functions = new LinkedHashMap<>();
        for (SourceFile file : files) {
            for (ClassDef c : file.classes()) {
                classes.put(c.qualifiedName(), c);
            }
            for (FunctionDef f : file.functions()) {
                functions.put(file.module() + "." + f.name(), f);
            }
        }
        return new ScriptCode(classes, functions);
    }

    public Optional<ClassDef> cls(String qualifiedName) {
        return Optional.ofNullable(classes.get(qualifiedName));
    }

    public Optional<FunctionDef> function(String qualifiedName) {
        return Optional.ofNullable(functions.get(qualifiedName));
    }
}
