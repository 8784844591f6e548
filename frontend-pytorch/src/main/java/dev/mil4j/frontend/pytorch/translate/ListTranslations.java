package dev.mil4j.frontend.pytorch.translate;

import static dev.mil4j.frontend.pytorch.translate.TorchTranslations.of;

import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.core.ir.Var;
import java.util.List;

/**
 * Lists of integers that only the converted model computes, such as a shape sliced in the code
 * ({@code torch.slice(torch.size(x), -2)}, as {@code F.interpolate(..., size=x.shape[-2:])} prints): they are 1-d
 * int tensors in MIL, so {@code aten::len} is their first dim (a constant for static shapes, which lets the code's
 * checks fold).
 */
final class ListTranslations {
    private ListTranslations() {
    }

    static List<TranslationContribution> all() {
        return List.of(of("aten::len", (n, c) -> {
            Var list = c.tensor(0, "a");
            if (list.tensorType().rank() != 1) {
                throw c.error("`aten::len` of a value of shape " + list.tensorType().shape() + ", which is not a "
                        + "list");
            }
            return List.of(Shapes.dim(c, list, 0));
        }));
    }
}
