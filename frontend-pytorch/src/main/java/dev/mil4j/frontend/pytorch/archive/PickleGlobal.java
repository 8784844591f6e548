package dev.mil4j.frontend.pytorch.archive;

import java.util.Optional;

/**
 * The only globals a TorchScript pickle may name. A {@code GLOBAL} opcode naming anything else stops the unpickler
 * before the name is resolved, so nothing outside this list is ever built or called.
 */
sealed interface PickleGlobal {
    /** A function the unpickler knows how to apply. */
    enum Function implements PickleGlobal {
        REBUILD_TENSOR_V2("torch._utils", "_rebuild_tensor_v2"),
        REBUILD_PARAMETER("torch._utils", "_rebuild_parameter"),
        REBUILD_PARAMETER_WITH_STATE("torch._utils", "_rebuild_parameter_with_state"),
        ORDERED_DICT("collections", "OrderedDict"),
        BUILD_INTLIST("torch.jit._pickle", "build_intlist"),
        BUILD_DOUBLELIST("torch.jit._pickle", "build_doublelist"),
        BUILD_BOOLLIST("torch.jit._pickle", "build_boollist"),
        BUILD_TENSORLIST("torch.jit._pickle", "build_tensorlist"),
        RESTORE_TYPE_TAG("torch.jit._pickle", "restore_type_tag");

        final String module;
        final String name;

        Function(String module, String name) {
            this.module = module;
            this.name = name;
        }
    }

    /** A storage class such as {@code torch.FloatStorage}, used in persistent ids. */
    record StorageClass(TorchDType dtype) implements PickleGlobal {
    }

    /** A TorchScript class ({@code __torch__.*}): its objects become {@link TorchObject}s. */
    record ModuleClass(String qualifiedName) implements PickleGlobal {
    }

    /** Resolves {@code module.name}, or nothing when it is not allowed. */
    static Optional<PickleGlobal> resolve(String module, String name) {
        for (Function f : Function.values()) {
            if (f.module.equals(module) && f.name.equals(name)) {
                return Optional.of(f);
            }
        }
        if (module.equals("torch")) {
            return TorchDType.ofStorageClass(name).map(StorageClass::new);
        }
        if ((module.equals("__torch__") || module.startsWith("__torch__.")) && isIdentifier(name)) {
            return Optional.of(new ModuleClass(module + "." + name));
        }
        return Optional.empty();
    }

    private static boolean isIdentifier(String s) {
        if (s.isEmpty() || !(Character.isLetter(s.charAt(0)) || s.charAt(0) == '_')) {
            return false;
        }
        return s.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_');
    }
}
