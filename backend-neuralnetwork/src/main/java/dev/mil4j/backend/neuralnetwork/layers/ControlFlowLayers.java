package dev.mil4j.backend.neuralnetwork.layers;

import dev.mil4j.core.ir.Block;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Var;
import dev.mil4j.spec.proto.BranchLayerParams;
import dev.mil4j.spec.proto.CopyLayerParams;
import dev.mil4j.spec.proto.LoopLayerParams;
import dev.mil4j.spec.proto.NeuralNetwork;
import java.util.List;
import java.util.Map;

/** {@code cond} as a {@code branch} layer, {@code while_loop} as a {@code loop} layer with nested networks. */
final class ControlFlowLayers {
    private ControlFlowLayers() {
    }

    static Map<String, LayerTranslation> translations() {
        return Map.of("cond", ControlFlowLayers::cond, "while_loop", ControlFlowLayers::whileLoop);
    }

    private static void copy(LayerEmitter out, String from, String to) {
        out.add(to + "_copy_from_" + from, from, to, l -> l.setCopy(CopyLayerParams.getDefaultInstance()));
    }

    private static NeuralNetwork network(LayerEmitter nested) {
        return NeuralNetwork.newBuilder().addAllLayers(nested.layers()).build();
    }

    // each branch computes its block, then copies the block outputs to the op outputs
    private static void cond(Operation op, LayerEmitter out) {
        String pred = out.input(op.requireInput("pred"));
        BranchLayerParams.Builder p = BranchLayerParams.newBuilder();
        for (int i = 0; i < 2; i++) {
            Block block = op.blocks().get(i);
            LayerEmitter nested = out.nested();
            BlockTranslator.translate(block, nested);
            for (int j = 0; j < block.outputs().size(); j++) {
                copy(nested, nested.input(block.outputs().get(j)), out.name(op.outputs().get(j)));
            }
            if (i == 0) {
                p.setIfBranch(network(nested));
            } else {
                p.setElseBranch(network(nested));
            }
        }
        out.add(op.name(), List.of(pred), List.of(), l -> l.setBranch(p));
    }

    // the op outputs hold the loop state: initialized from loop_vars, read by both blocks, written by the body
    private static void whileLoop(Operation op, LayerEmitter out) {
        List<Var> loopVars = op.inputList("loop_vars");
        List<String> state = op.outputs().stream().map(out::name).toList();
        for (int i = 0; i < loopVars.size(); i++) {
            copy(out, out.input(loopVars.get(i)), state.get(i));
        }
        Block condBlock = op.blocks().get(0);
        Block body = op.blocks().get(1);
        LayerEmitter condNet = out.nested();
        for (int i = 0; i < state.size(); i++) {
            copy(condNet, state.get(i), condNet.name(condBlock.inputs().get(i)));
        }
        BlockTranslator.translate(condBlock, condNet);
        String condVar = condNet.input(condBlock.outputs().get(0));
        LayerEmitter bodyNet = out.nested();
        for (int i = 0; i < state.size(); i++) {
            copy(bodyNet, state.get(i), bodyNet.name(body.inputs().get(i)));
        }
        BlockTranslator.translate(body, bodyNet);
        for (int i = 0; i < state.size(); i++) {
            copy(bodyNet, bodyNet.input(body.outputs().get(i)), state.get(i));
        }
        out.add(op.name(), List.of(), List.of(), l -> l.setLoop(LoopLayerParams.newBuilder()
                .setConditionNetwork(network(condNet)).setConditionVar(condVar).setBodyNetwork(network(bodyNet))));
    }
}
