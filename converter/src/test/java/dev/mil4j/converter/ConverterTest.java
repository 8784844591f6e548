package dev.mil4j.converter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.converter.spi.Contributions;
import dev.mil4j.converter.spi.Frontend;
import dev.mil4j.converter.spi.FrontendContext;
import dev.mil4j.converter.spi.InputType;
import dev.mil4j.converter.spi.Mil4jPlugin;
import dev.mil4j.converter.spi.ProgressListener;
import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.converter.spi.TranslationRegistry;
import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.op.Binding;
import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.InputSpec;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.DimBound;
import dev.mil4j.core.types.ValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConverterTest {
    @TempDir
    Path dir;

    private static final String MODEL = """
            program(version: 1)

            func main<iOS15>(%x: fp32[B, 4]) {
              %w: fp32[4] = const() {val = fp32[4] [1.0, 2.0, 3.0, 4.0]}
              %w2: fp32[4] = const() {val = fp32[4] [1.0, 2.0, 3.0, 4.0]}
              %s: fp32[4] = add(x = %w, y = %w2)
              %a: fp32[B, 4] = mul(x = %x, y = %s)
              %b: fp32[B, 4] = mul(x = %x, y = %s)
              %y: fp32[B, 4] = add(x = %a, y = %b)
              %dead: fp32[B, 4] = relu(x = %y)
            } -> (%y)
            """;

    /** A custom op: relu with a binding, so backends must treat it as a custom layer. */
    static final class CustomReluOp extends OpDef {
        CustomReluOp() {
            super("custom_relu", Opset.IOS15, InputSpec.builder().tensor("x", "T").domain("T", DType.FP32).build());
        }

        @Override
        public List<ValueType> inferTypes(InferenceContext ctx) {
            return List.of(ctx.tensor("x"));
        }

        @Override
        public Optional<Binding> binding() {
            return Optional.of(new Binding("CustomRelu", List.of("x"), List.of(), "a custom relu"));
        }
    }

    private Path model(String text) throws Exception {
        Path p = dir.resolve("model.mil");
        Files.writeString(p, text);
        return p;
    }

    private static ConvertOptions options() {
        return ConvertOptions.builder().target("miltext").verifyEachPass(true).build();
    }

    @Test
    void convertsEndToEndThroughTheDefaultPipelineAndWritesTheOutput() throws Exception {
        Converter converter = Converter.builder().plugin(TestPlugins.milTextBackend()).build();
        List<String> stages = new ArrayList<>();
        ConvertOptions opts = options().toBuilder().progressListener(new ProgressListener() {
            @Override
            public void stageStarted(String stage) {
                stages.add(stage);
            }

            @Override
            public void stageFinished(String stage, long nanos) {
                stages.add("/" + stage);
            }
        }).build();
        ConvertedModel m = converter.convert(model(MODEL), opts);
        Path out = dir.resolve("out.mil");
        m.save(out);
        assertThat(Files.readString(out)).isEqualTo("""
                program(version: 1)

                func main<iOS15>(%x: fp32[B, 4]) {
                  %s: fp32[4] = const() {val = fp32[4] [2.0, 4.0, 6.0, 8.0]}
                  %a: fp32[B, 4] = mul(x = %x, y = %s)
                  %y: fp32[B, 4] = add(x = %a, y = %a)
                } -> (%y)
                """);
        assertThat(stages).filteredOn(s -> !s.contains("pass "))
                .containsExactly("load", "/load", "passes", "/passes", "check", "/check", "write", "/write");
        assertThat(stages).containsSubsequence("passes", "pass common::const_elimination",
                "/pass common::const_elimination", "/passes");
        assertThat(m.passReport().results()).extracting(r -> r.passId())
                .isEqualTo(converter.plugins().passes().pipeline("default").passIds());
    }

    @Test
    void pipelineEditsApplyAndBadOnesAreReported() throws Exception {
        Converter converter = Converter.builder().plugin(TestPlugins.milTextBackend()).build();
        ConvertOptions keepDead = options().toBuilder()
                .pipelineEdit(new PipelineEdit.Remove("common::dead_code_elimination")).build();
        assertThat(dev.mil4j.core.text.MilPrinter.print(converter.convert(model(MODEL), keepDead).program()))
                .contains("%dead");
        ConvertOptions bad = options().toBuilder().pipelineEdit(new PipelineEdit.Remove("common::nope")).build();
        assertThatThrownBy(() -> converter.convert(model(MODEL), bad))
                .isInstanceOf(ConversionException.class)
                .hasMessageStartingWith("error: pipeline 'default' has no pass 'common::nope'; its passes are: ");
    }

    @Test
    void unknownTargetFrameworkAndFileAreReported() throws Exception {
        Converter converter = Converter.builder().build();
        Path m = model(MODEL);
        assertThatThrownBy(() -> converter.convert(m, ConvertOptions.builder().target("tflite").build()))
                .hasMessageStartingWith("error: unknown target 'tflite'; installed backends: (none)");
        Converter withBackend = Converter.builder().plugin(TestPlugins.milTextBackend()).build();
        assertThatThrownBy(() -> withBackend.convert(m, options().toBuilder().framework("caffe").build()))
                .hasMessageStartingWith("error: unknown framework 'caffe'; installed frontends: mil (MIL text");
        Path odd = dir.resolve("model.caffemodel");
        Files.writeString(odd, "x");
        assertThatThrownBy(() -> withBackend.convert(odd, options()))
                .hasMessageStartingWith("error: no installed frontend reads " + odd);
        assertThatThrownBy(() -> withBackend.convert(dir.resolve("missing.mil"), options()))
                .hasMessage("error: model " + dir.resolve("missing.mil") + " does not exist");
    }

    @Test
    void syntaxErrorsInMilTextNameTheFileAndLine() throws Exception {
        Converter converter = Converter.builder().plugin(TestPlugins.milTextBackend()).build();
        Path m = model(MODEL.replace("relu(x = %y)", "relu(x = %nope)"));
        assertThatThrownBy(() -> converter.convert(m, options()))
                .hasMessage("error: line 10:32: %nope is not defined before this use\n  at mil (" + m + ":10)");
    }

    @Test
    void customOpsComeFromPluginsAndBackendsSeeThem() throws Exception {
        Mil4jPlugin custom = TestPlugins.plugin("custom-relu", b -> Contributions.op(b, new CustomReluOp()));
        Converter converter = Converter.builder().plugin(TestPlugins.milTextBackend()).plugin(custom).build();
        assertThat(converter.plugins().ops().customOps()).extracting(OpDef::name).containsExactly("custom_relu");
        Path m = model(MODEL.replace("%y: fp32[B, 4] = add(x = %a, y = %b)",
                "%y: fp32[B, 4] = custom_relu(x = %a)"));
        assertThatThrownBy(() -> converter.convert(m, options()))
                .hasMessageStartingWith("error: custom op `custom_relu` cannot be written as MIL text\n"
                        + "  at op `y` (custom_relu)");
        assertThat(Files.list(dir)).containsExactly(m);
    }

    @Test
    void collisionsNameBothPluginsAndOverridesReplace() {
        Mil4jPlugin a = TestPlugins.plugin("plugin-a", b -> Contributions.op(b, new CustomReluOp()));
        Mil4jPlugin b = TestPlugins.plugin("plugin-b", bb -> Contributions.op(bb, new CustomReluOp()));
        assertThatThrownBy(() -> Converter.builder().plugin(a).plugin(b).build())
                .isInstanceOf(PluginException.class)
                .hasMessage("op `custom_relu` (iOS15) is registered by both 'plugin-a' and 'plugin-b'; to replace "
                        + "the first, register the second as an explicit override");
        CustomReluOp replacement = new CustomReluOp();
        Mil4jPlugin c = TestPlugins.plugin("plugin-c", bb -> Contributions.overridingOp(bb, replacement));
        Converter converter = Converter.builder().plugin(c).plugin(a).build();
        assertThat(converter.plugins().ops().lookup("custom_relu", Opset.IOS18)).containsSame(replacement);
        assertThat(converter.plugins().ops().registration("custom_relu", Opset.IOS15).orElseThrow().registrant())
                .isEqualTo("plugin-c");
        assertThat(converter.plugins().plugins()).extracting(PluginInfo::id)
                .containsExactly("mil4j-core", "plugin-c", "plugin-a");
    }

    @Test
    void translationOverridesFollowTheSameRules() {
        Mil4jPlugin frontend = TestPlugins.plugin("fake-frontend", b -> {
            Contributions.frontend(b, new TestPlugins.FakeFrontend("fake"));
            Contributions.translation(b, TranslationContribution.of("fake", "TopKV2", "built-in", "TopK"));
        });
        Mil4jPlugin clash = TestPlugins.plugin("clash", b -> Contributions.translation(b,
                TranslationContribution.of("fake", "TopK", "mine")));
        assertThatThrownBy(() -> Converter.builder().plugin(frontend).plugin(clash).build())
                .hasMessage("fake translation `TopK` is registered by both 'fake-frontend' and 'clash'; to replace "
                        + "the first, register the second as an explicit override");
        Mil4jPlugin override = TestPlugins.plugin("override", b -> Contributions.translation(b,
                TranslationContribution.overriding("fake", "TopKV2", "mine", "TopK")));
        Converter converter = Converter.builder().plugin(override).plugin(frontend).build();
        TranslationRegistry<String> typed = converter.plugins().translations(new TestPlugins.FakeFrontend("fake"));
        assertThat(typed.lookup("TopK")).contains("mine");
        assertThat(typed.lookup("TopKV2")).contains("mine");
        assertThat(converter.plugins().translations("fake").registration("TopK", 1).orElseThrow().registrant())
                .isEqualTo("override");
        Mil4jPlugin orphan = TestPlugins.plugin("orphan", b -> Contributions.translation(b,
                TranslationContribution.of("tensorflow", "Relu", "x")));
        assertThatThrownBy(() -> Converter.builder().plugin(orphan).build())
                .hasMessage("plugin 'orphan' contributes a translation of Relu for frontend 'tensorflow', which is "
                        + "not installed; installed frontends: mil");
    }

    @Test
    void theInputTypesRangesReachTheProgramAndSurviveThePipeline() throws Exception {
        Converter converter = Converter.builder().plugin(TestPlugins.milTextBackend()).build();
        ConvertOptions opts = options().toBuilder().input(InputType.parse("x:B=1..64x4")).build();
        ConvertedModel m = converter.convert(model(MODEL), opts);
        assertThat(m.program().main().dimBounds()).containsExactly(Map.entry("B", new DimBound(1, 64)));
        Path out = dir.resolve("out.mil");
        m.save(out);
        assertThat(Files.readString(out)).contains("func main<iOS15>(%x: fp32[B, 4]) where B = 1..64 {");
    }

    @Test
    void theInputTypesReplaceARangeOfTheMilTextAndIgnoreSymbolsTheInputsLack() throws Exception {
        Converter converter = Converter.builder().build();
        Path bounded = model(MODEL.replace("fp32[B, 4]) {", "fp32[B, 4]) where B = 1..8 {"));
        assertThat(converter.load(bounded, options()).main().dimBound("B")).contains(new DimBound(1, 8));
        ConvertOptions opts = options().toBuilder().input(InputType.parse("x:B=2..16x4"))
                .input(InputType.parse("y:S=1..4")).build();
        assertThat(converter.load(bounded, opts).main().dimBounds())
                .containsExactly(Map.entry("B", new DimBound(2, 16)));
    }

    @Test
    void aTranslationOfAnotherTypeThanTheFrontendTakesIsRefusedWhenLoading() {
        Mil4jPlugin frontend = TestPlugins.plugin("fake-frontend", b -> Contributions.frontend(b,
                new TestPlugins.FakeFrontend("fake")));
        Mil4jPlugin wrong = TestPlugins.plugin("wrong", b -> Contributions.translation(b,
                TranslationContribution.of("fake", "Relu", 42)));
        assertThatThrownBy(() -> Converter.builder().plugin(frontend).plugin(wrong).build())
                .isInstanceOf(PluginException.class)
                .hasMessage("plugin 'wrong' contributes a java.lang.Integer as the fake translation of Relu, but the "
                        + "fake frontend takes a java.lang.String");
    }

    @Test
    void aFrontendWithoutATranslationTypeIsRefused() {
        Frontend<Object> untyped = new Frontend<>() {
            @Override
            public String id() {
                return "untyped";
            }

            @Override
            public String description() {
                return "declares no translation type";
            }

            @Override
            public Class<Object> translationType() {
                return null;
            }

            @Override
            public boolean accepts(Path model) {
                return false;
            }

            @Override
            public dev.mil4j.core.ir.Program load(Path model, FrontendContext<Object> context) {
                throw new UnsupportedOperationException();
            }
        };
        assertThatThrownBy(() -> Converter.builder().plugin(TestPlugins.plugin("bad", b -> Contributions.frontend(b,
                untyped))).build())
                .isInstanceOf(PluginException.class)
                .hasMessage("frontend 'untyped' of plugin 'bad' declares no translation type: its translationType() "
                        + "must return the class its translations implement");
    }

    @Test
    void pluginsForAnotherApiVersionOrWithDuplicateIdsAreRefused() {
        assertThatThrownBy(() -> Converter.builder().plugin(TestPlugins.plugin("old", 0, b -> { })).build())
                .hasMessage("plugin 'old' (given) was built for mil4j plugin API version 0, but this mil4j has "
                        + "version 1; use a build of the plugin for this version of mil4j");
        assertThatThrownBy(() -> Converter.builder().plugin(TestPlugins.plugin("twin", b -> { }))
                .plugin(TestPlugins.plugin("twin", b -> { })).build())
                .hasMessage("two plugins have the id 'twin': one from given and one from given; remove one of them");
    }

    @Test
    void concurrentConversionsGiveIdenticalFiles() throws Exception {
        Converter converter = Converter.builder().plugin(TestPlugins.milTextBackend()).build();
        Path m = model(MODEL);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<byte[]>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Path out = dir.resolve("out" + i + ".mil");
                results.add(pool.submit(() -> {
                    converter.convert(m, options()).save(out);
                    return Files.readAllBytes(out);
                }));
            }
            byte[] first = results.get(0).get();
            for (Future<byte[]> f : results) {
                assertThat(f.get()).isEqualTo(first);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
