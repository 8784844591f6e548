package dev.mil4j.backend.neuralnetwork.layers;

import dev.mil4j.core.ir.Block;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.op.ConstOp;
import java.util.Optional;

/**
 * Translates the ops of a block in order. Constants make no layer of their own (a layer that needs one as a tensor
 * adds a {@code loadConstantND}); custom ops become custom layers; an op without a translation or whose translation
 * fails is recorded in the emitter's {@link Problems} and translation goes on, so every problem is found in one run.
 */
public final class BlockTranslator {
    private BlockTranslator() {
    }

    public static void translate(Block block, LayerEmitter out) {
        for (Operation op : block.operations()) {
            if (op.type().equals(ConstOp.NAME)) {
                continue;
            }
            Optional<LayerTranslation> t = op.def().isCustom() ? Optional.of(CustomLayers::translate)
                    : LayerTranslations.lookup(op.type());
            if (t.isEmpty()) {
                out.problems().unsupported(op);
                continue;
            }
            try {
                t.get().translate(op, out);
            } catch (LayerException e) {
                out.problems().failed(op, e);
            } catch (dev.mil4j.core.types.TypeException | ArithmeticException | IllegalArgumentException
                    | IllegalStateException e) {
                out.problems().failed(op, new LayerException("`" + op.type() + "` cannot be written as NeuralNetwork "
                        + "layers: " + e.getMessage()));
            }
        }
    }
}
