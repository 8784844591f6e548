package dev.mil4j.frontend.pytorch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.spi.InputType;
import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.types.Shape;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchFrontendErrorsTest {
    @TempDir
    Path tmp;

    private static final ConvertOptions X_2X16 = ConvertOptions.builder().framework("pytorch")
            .input(InputType.of("x", Shape.parse("2x16"))).build();

    /** {@code __torch__.M} with {@code training = False}. */
    static final byte[] MODULE_PICKLE = {
        (byte) 0x80, 2, 'c', '_', '_', 't', 'o', 'r', 'c', 'h', '_', '_', '\n', 'M', '\n', ')', (byte) 0x81, '}',
        'X', 8, 0, 0, 0, 't', 'r', 'a', 'i', 'n', 'i', 'n', 'g', (byte) 0x89, 's', 'b', '.',
    };

    private Path archive(String code) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("m/data.pkl", MODULE_PICKLE);
        entries.put("m/code/__torch__.py", code.getBytes(StandardCharsets.UTF_8));
        return Fixtures.zip(tmp.resolve("m.pt"), entries, true);
    }

    @Test
    void refusesAFileThatIsNotAZip() throws IOException {
        Path p = Files.writeString(tmp.resolve("model.pt"), "hello");
        assertThatThrownBy(() -> TorchFrontendTest.CONVERTER.load(p, X_2X16))
                .isInstanceOf(ConversionException.class)
                .hasMessage("error: " + p + " is not a TorchScript archive: it is not a zip file\n  hint: save the "
                        + "model with torch.jit.trace(model, example).save(path) or torch.jit.script(model).save(path)");
    }

    @Test
    void refusesAZipThatIsNotTorchScript() {
        Path p = Fixtures.zip(tmp.resolve("notes.pt"), Map.of("notes/a.txt", new byte[3]), true);
        assertThatThrownBy(() -> TorchFrontendTest.CONVERTER.load(p, X_2X16))
                .hasMessageStartingWith("error: " + p + " is a zip file but not a TorchScript archive: it has no "
                        + "data.pkl under a root folder\n  hint: ");
    }

    @Test
    void refusesAPickleAskingForAnUnknownGlobal() {
        Map<String, byte[]> entries = Fixtures.entries(Fixtures.torch("topk_head"));
        byte[] evil = "\u0080\u0002cposix\nsystem\nX\u0002\u0000\u0000\u0000idtR.".getBytes(
                StandardCharsets.ISO_8859_1);
        entries.put("topk_head/data.pkl", evil);
        Path p = Fixtures.zip(tmp.resolve("evil.pt"), entries, true);
        assertThatThrownBy(() -> TorchFrontendTest.CONVERTER.load(p, X_2X16))
                .hasMessage("error: " + p + " cannot be read: data.pkl asks for the global `posix.system`, which a "
                        + "TorchScript archive does not need; it was refused and not built (opcode 'c' at byte 2)");
    }

    @Test
    void refusesATruncatedStorage() {
        Map<String, byte[]> entries = Fixtures.entries(Fixtures.torch("topk_head"));
        entries.put("topk_head/data/1", new byte[64]);
        Path p = Fixtures.zip(tmp.resolve("short.pt"), entries, true);
        assertThatThrownBy(() -> TorchFrontendTest.CONVERTER.load(p, X_2X16))
                .hasMessage("error: " + p + " cannot be read: data.pkl declares storage data/1 of 32 float32 "
                        + "elements (128 bytes), but the entry holds only 64 bytes; the archive is truncated or "
                        + "corrupt (opcode 'Q' at byte 323)");
    }

    @Test
    void listsEveryUnsupportedOpInOneError() {
        Path p = archive("""
                class M(Module):
                  training : bool
                  def forward(self: __torch__.M, x: Tensor) -> Tensor:
                    y = torch.frobnicate(x)
                    z = torch.relu(torch.frobnicate(y))
                    return torch.zork(z, 3)
                """);
        assertThatThrownBy(() -> TorchFrontendTest.CONVERTER.load(p, X_2X16)).hasMessage("""
                2 errors:
                error: unsupported torch op `aten::frobnicate` (2 uses)
                  at torch node `aten::frobnicate` in M (code/__torch__.py:4)
                  hint: a plugin can add the translation: its module() contributes \
                TranslationContribution.of("pytorch", "aten::frobnicate", translation) (see examples/custom-topk)
                  note: also used in M (code/__torch__.py:5)
                error: unsupported torch op `aten::zork` (1 use)
                  at torch node `aten::zork` in M (code/__torch__.py:6)
                  hint: a plugin can add the translation: its module() contributes \
                TranslationContribution.of("pytorch", "aten::zork", translation) (see examples/custom-topk)""");
    }

    @Test
    void listsUnsupportedOpsInsideControlFlowBlocksToo() {
        Path p = archive("""
                class M(Module):
                  training : bool
                  def forward(self: __torch__.M, x: Tensor) -> Tensor:
                    y = x
                    if bool(torch.gt(torch.sum(x), 0)):
                      y = torch.frobnicate(x)
                    else:
                      y = torch.relu(x)
                    for i in range(int(torch.sum(y))):
                      y = torch.zork(y, i)
                    return torch.frobnicate(y)
                """);
        assertThatThrownBy(() -> TorchFrontendTest.CONVERTER.load(p, X_2X16)).hasMessage("""
                2 errors:
                error: unsupported torch op `aten::frobnicate` (2 uses)
                  at torch node `aten::frobnicate` in M (code/__torch__.py:6)
                  hint: a plugin can add the translation: its module() contributes \
                TranslationContribution.of("pytorch", "aten::frobnicate", translation) (see examples/custom-topk)
                  note: also used in M (code/__torch__.py:11)
                error: unsupported torch op `aten::zork` (1 use)
                  at torch node `aten::zork` in M (code/__torch__.py:10)
                  hint: a plugin can add the translation: its module() contributes \
                TranslationContribution.of("pytorch", "aten::zork", translation) (see examples/custom-topk)""");
    }

    @Test
    void decidesTheShapeChecksOfTheCodeForTheInputShapes() {
        String code = """
                class M(Module):
                  training : bool
                  def forward(self: __torch__.M, x: Tensor) -> Tensor:
                    y = torch.relu(x)
                    if torch.ne(torch.dim(CHECKED), RANK):
                      _0 = torch.format("expected {}D input (got {}D input)", RANK, torch.dim(CHECKED))
                      ops.prim.RaiseException(_0, "builtins.ValueError")
                    else:
                      pass
                    return y
                """;
        // an op whose output rank and sizes the graph builder does not follow
        String summed = "torch.logsumexp(x, [1], True)";
        for (String checked : List.of("x", "y", summed)) {
            String passes = code.replace("CHECKED", checked).replace("RANK", "2");
            assertThat(TorchFrontendTest.CONVERTER.load(archive(passes), X_2X16).function("main").orElseThrow()
                    .body().operations()).extracting(o -> o.type()).contains("relu").doesNotContain("cond");
        }
        // the rank of an input, and of relu's output, is known while the graph is built: the code's own message
        for (String checked : List.of("x", "y")) {
            assertThatThrownBy(() -> TorchFrontendTest.CONVERTER.load(archive(code.replace("CHECKED", checked)
                    .replace("RANK", "4")), X_2X16)).hasMessage("""
                            error: the model's code raises an exception for this model: expected 4D input (got 2D \
                            input)
                              at torch in M (code/__torch__.py:7)
                              hint: the code checks its inputs or attributes here; give input shapes and a model \
                            configuration the code accepts""");
        }
        // other ranks are known when the graph is translated: the guard folds there
        assertThatThrownBy(() -> TorchFrontendTest.CONVERTER.load(archive(code.replace("CHECKED", summed)
                .replace("RANK", "4")), X_2X16)).hasMessage("""
                        error: the model's code raises an exception for these input shapes: expected 4D input (got \
                        ?D input)
                          at torch node `prim::RaiseException` in M (code/__torch__.py:7)
                          hint: the code checks its inputs here; give input shapes the model accepts""");
    }

    @Test
    void needsAShapeForEveryInput() {
        ConvertOptions none = ConvertOptions.builder().framework("pytorch").build();
        assertThatThrownBy(() -> TorchFrontendTest.CONVERTER.load(Fixtures.torch("elementwise_zoo"), none))
                .hasMessage("""
                        2 errors:
                        error: forward argument 1 (`a`) has no input shape: TorchScript archives do not record the \
                        shapes of their inputs
                          hint: give an input type with a shape for every forward argument, in order, e.g. \
                        --input a:1x3x224x224 on the command line, or InputType.of("a", Shape.parse("1x3x224x224")) in \
                        Java
                        error: forward argument 2 (`b`) has no input shape: TorchScript archives do not record the \
                        shapes of their inputs
                          hint: give an input type with a shape for every forward argument, in order, e.g. \
                        --input b:1x3x224x224 on the command line, or InputType.of("b", Shape.parse("1x3x224x224")) in \
                        Java""");
    }

    @Test
    void reportsAShapeErrorAtTheCodeLine() {
        ConvertOptions wrong = ConvertOptions.builder().framework("pytorch")
                .input(InputType.of("x", Shape.parse("2x15"))).build();
        assertThatThrownBy(() -> TorchFrontendTest.CONVERTER.load(Fixtures.torch("topk_head"), wrong))
                .hasMessageContaining("from torch node `aten::linear` in TopKHead.lin "
                        + "(code/__torch__/torch/nn/modules/linear.py:12)");
    }
}
