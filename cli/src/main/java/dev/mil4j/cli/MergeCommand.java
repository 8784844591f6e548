package dev.mil4j.cli;

import dev.mil4j.backend.mlprogram.MergedPackage;
import dev.mil4j.backend.mlprogram.MlPackageCodec;
import dev.mil4j.backend.mlprogram.MultiFunctionDescriptor;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mil4j merge A.mlpackage B.mlpackage -o AB.mlpackage --function a=main --function b=main --default a}: a
 * multifunction package (iOS18) of functions of ML Program packages, byte-identical weights stored once, as
 * coremltools' {@code save_multifunction}. The i-th {@code --function} names the function taken from the i-th
 * package; without any, each package's {@code main} is named after its file.
 */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = "Merge functions of ML Program packages into one multifunction package (iOS18); weights that "
                + "are byte-identical across functions are stored once.")
final class MergeCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "PACKAGE", description = "the .mlpackage files to take functions from "
            + "(a package may be given more than once, to take several of its functions)")
    List<Path> packages = new ArrayList<>();

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "the .mlpackage to write")
    Path output;

    @Option(names = "--function", paramLabel = "NAME=SOURCE", description = "the i-th package's function SOURCE, "
            + "named NAME in the merged package (repeatable, one per package; default: FILE=main)")
    List<String> functions = new ArrayList<>();

    @Option(names = "--default", paramLabel = "NAME", description = "the function Core ML runs when none is named "
            + "(default: the first)")
    String defaultFunction;

    @Mixin
    OutputOptions out;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        if (!functions.isEmpty() && functions.size() != packages.size()) {
            throw usage("there are " + packages.size() + " packages and " + functions.size() + " --function options;"
                    + " give one --function NAME=SOURCE per package, in the same order");
        }
        MultiFunctionDescriptor.Builder descriptor = MultiFunctionDescriptor.builder();
        for (int i = 0; i < packages.size(); i++) {
            Path pkg = packages.get(i);
            if (!Files.isDirectory(pkg)) {
                throw usage(pkg + " is not an .mlpackage directory");
            }
            String name = stem(pkg);
            String source = "main";
            if (!functions.isEmpty()) {
                String f = functions.get(i);
                int eq = f.indexOf('=');
                if (eq <= 0 || eq == f.length() - 1) {
                    throw usage("bad --function '" + f + "': expected NAME=SOURCE, e.g. relu_head=main");
                }
                name = f.substring(0, eq);
                source = f.substring(eq + 1);
            }
            descriptor.add(pkg, source, name);
        }
        if (defaultFunction != null) {
            descriptor.defaultFunction(defaultFunction);
        }
        MultiFunctionDescriptor built;
        try {
            built = descriptor.build();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        try (ProgressDisplay display = out.display()) {
            MergedPackage merged;
            try {
                merged = new MlPackageCodec().merge(built, output);
            } catch (UncheckedIOException e) {
                throw usage(e.getMessage());
            }
            display.message(String.format("wrote %s (%d functions, default %s; %d weights in %d blobs, %s) in %s",
                    output, merged.functions(), built.defaultFunction(), merged.weights(), merged.blobsWritten(),
                    Quantities.bytes(merged.weightBytes()),
                    Quantities.seconds(System.nanoTime() - start)));
        }
        return Mil4j.OK;
    }

    /** A package's file name without {@code .mlpackage}, as an identifier. */
    static String stem(Path pkg) {
        String s = pkg.getFileName().toString().replaceFirst("\\.mlpackage$", "").replaceAll("[^A-Za-z0-9_]", "_");
        return s.isEmpty() || Character.isDigit(s.charAt(0)) ? "_" + s : s;
    }

    private static Mil4j.UsageException usage(String message) {
        return new Mil4j.UsageException(message);
    }
}
