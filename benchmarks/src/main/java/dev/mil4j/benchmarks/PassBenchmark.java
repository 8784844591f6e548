package dev.mil4j.benchmarks;

import dev.mil4j.converter.Converter;
import dev.mil4j.converter.PluginSet;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.pass.PassManager;
import dev.mil4j.core.pass.PassPipeline;
import dev.mil4j.core.pass.PassReport;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Each pass of the converter's {@code default} pipeline, and the whole pipeline, on synthetic programs of 1k to 1M
 * operations. A fresh program is built before every invocation (not measured); the primary score is the time of one
 * run on the whole program, and the secondary {@code milOps} the time per operation of the program as built, so
 * linear passes show a flat secondary score across sizes.
 *
 * <p>{@code pass} lists the distinct passes of the default pipeline ({@code PassBenchmarkTest} fails when the
 * pipeline and this list differ) plus {@code pipeline}, the whole pipeline.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g", "-Xms2g"})
public class PassBenchmark {
    /** The value of {@link #pass} that runs the whole pipeline. */
    public static final String WHOLE_PIPELINE = "pipeline";

    @Param({"mlp", "residual", "transformer"})
    public String shape;

    @Param({"1000", "10000", "100000", "1000000"})
    public int ops;

    @Param({
        "common::cast_optimization",
        "common::common_subexpression_elimination",
        "common::const_deduplication",
        "common::const_elimination",
        "common::dead_code_elimination",
        "common::divide_to_multiply",
        "common::fuse_conv_batchnorm",
        "common::fuse_conv_bias",
        "common::fuse_conv_scale",
        "common::fuse_gelu_exact",
        "common::fuse_gelu_tanh_approximation",
        "common::fuse_layernorm_or_instancenorm",
        "common::fuse_linear_bias",
        "common::fuse_matmul_weight_bias",
        "common::fuse_scaled_dot_product_attention",
        "common::merge_consecutive_relus",
        "common::merge_consecutive_reshapes",
        "common::merge_consecutive_transposes",
        "common::noop_elimination",
        "common::remove_symbolic_reshape",
        "common::sanitize_names",
        "common::topological_reorder",
        WHOLE_PIPELINE})
    public String pass;

    private PluginSet plugins;
    private PassManager manager;
    private PassPipeline pipeline;
    private Program program;

    @Setup(Level.Trial)
    public void setUpTrial() {
        plugins = Converter.builder().build().plugins();
        manager = PassManager.of(plugins.passes(), plugins.ops());
        PassPipeline defaults = plugins.passes().pipeline("default");
        if (pass.equals(WHOLE_PIPELINE)) {
            pipeline = defaults;
        } else if (defaults.passIds().contains(pass)) {
            pipeline = PassPipeline.of(pass, pass);
        } else {
            throw new IllegalArgumentException("pass '" + pass + "' is not in the default pipeline "
                    + defaults.passIds() + "; update PassBenchmark's @Param list");
        }
    }

    @Setup(Level.Invocation)
    public void buildProgram() {
        program = null;
        program = SyntheticPrograms.build(SyntheticPrograms.Kind.parse(shape), ops, plugins.ops());
    }

    @TearDown(Level.Invocation)
    public void dropProgram() {
        program = null;
    }

    @Benchmark
    public PassReport run(OpCounter counter) {
        counter.milOps += program.main().body().size();
        return manager.run(program, pipeline);
    }
}
