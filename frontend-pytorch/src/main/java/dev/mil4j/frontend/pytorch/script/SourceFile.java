package dev.mil4j.frontend.pytorch.script;

import java.util.List;

/** One parsed code file: its path in the archive, its module name, and its classes and free functions. */
public record SourceFile(String path, String module, List<ClassDef> classes, List<FunctionDef> functions) {
    public SourceFile {
        classes = List.copyOf(classes);
        functions = List.copyOf(functions);
    }

    /**
     * The module a code file defines: {@code code/__torch__.py} is {@code __torch__},
     * {@code code/__torch__/torch/nn/modules/linear.py} is {@code __torch__.torch.nn.modules.linear}.
     */
    public static String moduleOf(String path) {
        String p = path.startsWith("code/") ? path.substring(5) : path;
        if (p.endsWith(".py")) {
            p = p.substring(0, p.length() - 3);
        }
        return p.replace('/', '.');
    }
}
