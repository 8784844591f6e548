package dev.mil4j.maven;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.ConvertedModel;
import dev.mil4j.converter.Converter;
import dev.mil4j.converter.spi.InputType;
import dev.mil4j.converter.PipelineEdit;
import dev.mil4j.converter.PluginException;
import dev.mil4j.converter.spi.Precision;
import dev.mil4j.converter.spi.Backend;
import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.op.Opset;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.maven.model.Resource;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Converts a project's models to Core ML at build time: each model becomes {@code NAME.mlpackage} (ML Program) or
 * {@code NAME.mlmodel} (NeuralNetwork) in {@code outputDirectory}, which is added to the project's resources. A
 * model whose output is newer than it and was written with the same options and plugins is not converted again.
 * Plugins (custom ops, translations, frontends, backends) are the Maven plugin's own {@code <dependencies>}. A
 * model that cannot be converted fails the build with the converter's diagnostics.
 */
@Mojo(name = "convert", defaultPhase = LifecyclePhase.GENERATE_RESOURCES, threadSafe = true)
public class ConvertMojo extends AbstractMojo {
    /** Model files, SavedModel folders, or folders whose files matching {@code includes} are models. */
    @Parameter(required = true)
    private List<File> models;

    /** Globs, relative to a folder of {@code models}, of the files that are models (default *.onnx, *.pt, ...). */
    @Parameter
    private List<String> includes;

    /** The backend: {@code mlprogram} (.mlpackage) or {@code neuralnetwork} (.mlmodel). */
    @Parameter(defaultValue = ConvertOptions.MLPROGRAM, property = "mil4j.target")
    private String target;

    /** The source framework when it cannot be told from the file: tensorflow, pytorch, onnx, mil. */
    @Parameter
    private String framework;

    /** Input descriptions, as the CLI's {@code --input}: {@code NAME:DIMS[:DTYPE]}, e.g. {@code x:1x3xHxW}. */
    @Parameter
    private List<String> inputs;

    /** fp16 or fp32: an ML Program's compute precision, a NeuralNetwork model's weight precision. */
    @Parameter
    private String precision;

    /** The minimum deployment target: iOS15, iOS16, iOS17 or iOS18. */
    @Parameter(defaultValue = "iOS15")
    private String deploymentTarget;

    /** Passes to remove from the pipeline, by id (e.g. {@code common::const_deduplication}). */
    @Parameter
    private List<String> pipelineRemove;

    /** Where the converted models are written; added to the project's resources. */
    /** Image inputs, the CLI's {@code --image} form: {@code NAME[:scale=S][:bias=...][:layout=...]}. */
    @Parameter
    private List<String> images;

    /** Image outputs (ML Program, iOS16+), the CLI's {@code --image-output} form. */
    @Parameter
    private List<String> imageOutputs;

    /** Enumerated input shapes, the CLI's {@code --input-shapes} form: {@code NAME:DIMS,DIMS...}. */
    @Parameter
    private List<String> inputShapes;

    /** Outputs to keep, {@code NAME[:DTYPE]} (fp16 on ML Programs of iOS16+). */
    @Parameter
    private List<String> outputs;

    /** Class labels (a file with one per line, or {@code a,b,c}): the model becomes a classifier. */
    @Parameter
    private String classifierLabels;

    /** The classifier's label output ({@code classLabel} by default). */
    @Parameter
    private String predictedFeature;

    /** Op types or op names kept in fp32 under fp16 precision. */
    @Parameter
    private List<String> fp32Ops;

    /** Metadata: the model's author. */
    @Parameter
    private String author;

    /** Metadata: the model's license. */
    @Parameter
    private String license;

    /** Metadata: what the model does. */
    @Parameter
    private String shortDescription;

    /** Metadata: the model's version. */
    @Parameter
    private String versionString;

    /** User-defined metadata, {@code KEY=VALUE}. */
    @Parameter
    private List<String> meta;

    /** Descriptions of inputs and outputs, {@code NAME=TEXT}. */
    @Parameter
    private List<String> descriptions;

    @Parameter(defaultValue = "${project.build.directory}/generated-resources/mil4j", required = true)
    private File outputDirectory;

    /** Skips the conversion. */
    @Parameter(defaultValue = "false", property = "mil4j.skip")
    private boolean skip;

    @Parameter(defaultValue = "${project.build.directory}/mil4j-state", readonly = true, required = true)
    private File stateDirectory;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("mil4j: conversion skipped");
            return;
        }
        List<Path> sources = ModelSet.expand(models, includes);
        ConvertOptions options = options();
        Converter converter = converter();
        Backend backend = converter.plugins().backend(target).orElseThrow(() -> new MojoFailureException(
                "mil4j: unknown <target> '" + target + "'; installed backends: " + String.join(", ", converter
                        .plugins().backends().stream().map(Backend::id).toList())
                        + " (add a backend plugin to the mil4j-maven-plugin's <dependencies>)"));
        addResourceRoot();
        UpToDate upToDate = new UpToDate(stateDirectory.toPath());
        String stamp = stamp(converter);
        List<String> failures = new ArrayList<>();
        for (Path model : sources) {
            Path output = outputDirectory.toPath().resolve(ModelSet.baseName(model) + backend.fileExtension());
            try {
                if (upToDate.check(model, output, stamp)) {
                    getLog().info("mil4j: " + output.getFileName() + " is up to date");
                    continue;
                }
                upToDate.forget(output);
                Optional<String> diagnostics = convert(converter, model, output, options);
                if (diagnostics.isEmpty()) {
                    upToDate.record(output, stamp);
                } else {
                    failures.add(model + ":\n" + diagnostics.get());
                }
            } catch (IOException e) {
                throw new MojoExecutionException("mil4j: cannot write " + output + ": " + e.getMessage(), e);
            }
        }
        if (!failures.isEmpty()) {
            throw new MojoFailureException("mil4j: " + failures.size() + " of " + sources.size() + " models could "
                    + "not be converted:\n" + String.join("\n", failures));
        }
    }

    /** Converts one model; returns the converter's diagnostics when they stop it, else nothing. */
    private Optional<String> convert(Converter converter, Path model, Path output, ConvertOptions options) throws IOException {
        long start = System.nanoTime();
        ConvertedModel converted;
        try {
            converted = converter.convert(model, options);
        } catch (ConversionException e) {
            getLog().error("mil4j: cannot convert " + model.getFileName());
            return Optional.of(e.getMessage());
        }
        Files.createDirectories(output.getParent());
        converted.save(output);
        for (Diagnostic w : converted.warnings()) {
            getLog().warn("mil4j: " + model.getFileName() + ": " + w.render());
        }
        getLog().info(String.format("mil4j: converted %s to %s in %.1f s", model.getFileName(), output,
                (System.nanoTime() - start) / 1e9));
        return Optional.empty();
    }

    private ConvertOptions options() throws MojoFailureException {
        ConvertOptions.Builder b = ConvertOptions.builder().target(target);
        b.minimumDeploymentTarget(Opset.parse(deploymentTarget).orElseThrow(() -> new MojoFailureException(
                "mil4j: unknown <deploymentTarget> '" + deploymentTarget + "'; use iOS15, iOS16, iOS17 or iOS18")));
        if (framework != null) {
            b.framework(framework);
        }
        if (precision != null) {
            b.computePrecision(Precision.parse(precision).orElseThrow(() -> new MojoFailureException(
                    "mil4j: unknown <precision> '" + precision + "'; use fp16 or fp32")));
        }
        for (String in : listOf(inputs)) {
            try {
                b.input(InputType.parse(in));
            } catch (IllegalArgumentException e) {
                throw new MojoFailureException("mil4j: <input> '" + in + "': " + e.getMessage());
            }
        }
        listOf(pipelineRemove).forEach(p -> b.pipelineEdit(new PipelineEdit.Remove(p)));
        interfaceParameters().applyTo(b);
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException("mil4j: " + e.getMessage());
        }
    }

    private InterfaceParameters interfaceParameters() throws MojoFailureException {
        return new InterfaceParameters(images, imageOutputs, inputShapes, outputs, classifierLabels, predictedFeature,
                fp32Ops, InterfaceParameters.metadata(author, license, shortDescription, versionString, meta,
                        descriptions));
    }

    private static Converter converter() throws MojoFailureException {
        try {
            return Converter.builder().discoverPlugins().build();
        } catch (PluginException e) {
            throw new MojoFailureException("mil4j: " + e.getMessage());
        }
    }

    /** What an output depends on besides its model: the options, and the plugins with their versions. */
    private String stamp(Converter converter) {
        List<String> lines = new ArrayList<>(List.of("target " + target, "framework " + framework,
                "inputs " + listOf(inputs), "precision " + precision, "deploymentTarget " + deploymentTarget,
                "pipelineRemove " + listOf(pipelineRemove)));
        try {
            lines.add(interfaceParameters().stamp());
        } catch (MojoFailureException e) {
            lines.add("bad parameters: " + e.getMessage()); // reported by options()
        }
        converter.plugins().plugins().forEach(p -> lines.add("plugin " + p.id() + " " + p.version()));
        return String.join("\n", lines) + "\n";
    }

    private void addResourceRoot() {
        String dir = outputDirectory.getAbsolutePath();
        if (project.getResources().stream().noneMatch(r -> dir.equals(new File(r.getDirectory()).getAbsolutePath()))) {
            Resource r = new Resource();
            r.setDirectory(dir);
            project.addResource(r);
        }
    }

    private static List<String> listOf(List<String> values) {
        return values == null ? List.of() : values;
    }
}
