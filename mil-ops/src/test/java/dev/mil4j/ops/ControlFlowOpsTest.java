package dev.mil4j.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.ir.Verifier;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.op.SimpleInferenceContext;
import dev.mil4j.core.text.MilParser;
import dev.mil4j.core.text.MilPrinter;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.ListType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.control.ListGatherOp;
import dev.mil4j.ops.control.ListScatterOp;
import dev.mil4j.ops.control.ListWriteOp;
import dev.mil4j.ops.control.MakeListOp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ControlFlowOpsTest {
    private static final OpRegistry REGISTRY = StandardOps.newRegistry();
    private static final TensorType I32 = TensorType.scalar(DType.INT32);

    private static Function function(Map<String, ValueType> inputs) {
        return new Program().addFunction("main", Opset.IOS15, inputs);
    }

    @Test
    void condReturnsTheBranchTypes() {
        Map<String, ValueType> in = new LinkedHashMap<>();
        in.put("p", TensorType.scalar(DType.BOOL));
        in.put("x", TensorType.of(DType.FP32, 2, 3));
        Function f = function(in);
        Var x = f.inputs().get(1);
        Builder b = Builder.atEnd(f.body(), REGISTRY);
        List<Var> out = ControlFlowOps.cond(b, f.inputs().get(0),
                (inner, args) -> List.of(TensorOps.transpose(inner, TensorOps.transpose(inner, x, 1, 0), 1, 0)),
                (inner, args) -> List.of(x));
        f.setOutputs(out);
        assertThat(out.get(0).type()).hasToString("fp32[2, 3]");
        assertThat(Verifier.verify(f)).isEmpty();
    }

    @Test
    void condRejectsBranchesOfDifferentRanks() {
        Map<String, ValueType> in = new LinkedHashMap<>();
        in.put("p", TensorType.scalar(DType.BOOL));
        in.put("x", TensorType.of(DType.FP32, 2, 3));
        Function f = function(in);
        Var x = f.inputs().get(1);
        Builder b = Builder.atEnd(f.body(), REGISTRY);
        assertThatThrownBy(() -> ControlFlowOps.cond(b, f.inputs().get(0),
                (inner, args) -> List.of(TensorOps.reshape(inner, x, 6)), (inner, args) -> List.of(x)))
                .hasMessageStartingWith("error: `cond`: branches must return values of the same types (tensors of "
                        + "one dtype and rank, sizes may differ): the true block returns [fp32[6]], the false block "
                        + "[fp32[2, 3]]");
    }

    /** An empty result in one branch, a run-time count in the other: the size is the taken branch's. */
    @Test
    void condGivesASymbolWhereTheBranchesSizesDiffer() {
        Map<String, ValueType> in = new LinkedHashMap<>();
        in.put("p", TensorType.scalar(DType.BOOL));
        in.put("x", TensorType.of(DType.FP32, 2, 3));
        Function f = function(in);
        Var x = f.inputs().get(1);
        Builder b = Builder.atEnd(f.body(), REGISTRY);
        Var y = ControlFlowOps.cond(b, f.inputs().get(0), (inner, args) -> List.of(TensorOps.transpose(inner, x, 1, 0)),
                (inner, args) -> List.of(TensorOps.sliceByIndex(inner, x, new int[] {0, 0}, new int[] {2, 2}))).get(0);
        TensorType t = y.tensorType();
        assertThat(t.dtype()).isEqualTo(DType.FP32);
        assertThat(t.shape().dim(0).isKnown()).isFalse(); // 3 or 2
        assertThat(t.shape().dim(1).isKnown()).isTrue();
        assertThat(t.shape().dim(1).size()).isEqualTo(2);
    }

    @Test
    void listOpsAroundALoop() {
        Function f = function(Map.of("x", TensorType.of(DType.FP32, 4)));
        Var x = f.inputs().get(0);
        Builder b = Builder.atEnd(f.body(), REGISTRY);
        Var list = ControlFlowOps.makeList(b, TensorType.of(DType.FP32, 4), 3, false);
        assertThat(list.type()).isEqualTo(new ListType(TensorType.of(DType.FP32, 4), Dim.of(3)));
        assertThat(ControlFlowOps.listLength(b, list).value()).contains(TensorValue.scalar(3));
        Var i0 = b.constant(TensorValue.scalar(0));
        List<Var> out = ControlFlowOps.whileLoop(b, List.of(i0, x),
                (inner, vars) -> List.of(inner.op("select").input("cond", inner.constant(TensorValue.scalar(true)))
                        .input("a", inner.constant(TensorValue.scalar(false)))
                        .input("b", inner.constant(TensorValue.scalar(true))).output()),
                (inner, vars) -> List.of(vars.get(0), TensorOps.cumsum(inner, vars.get(1), 0, false, false)));
        Var written = ControlFlowOps.listWrite(b, list, out.get(0), out.get(1));
        Var stacked = ControlFlowOps.listGather(b, written, b.constant(TensorValue.vector(0, 2)));
        f.setOutputs(List.of(stacked));
        assertThat(stacked.type()).hasToString("fp32[2, 4]");
        assertThat(ControlFlowOps.listRead(b, written, i0).type()).hasToString("fp32[4]");
        assertThat(Verifier.verify(f)).isEmpty();
    }

    @Test
    void listsCanBeLoopVars() {
        Program program = new Program();
        Function f = program.addFunction("main", Opset.IOS15, Map.of("x", TensorType.of(DType.FP32, 4)));
        Var x = f.inputs().get(0);
        Builder b = Builder.atEnd(f.body(), REGISTRY);
        Var list = ControlFlowOps.makeList(b, TensorType.of(DType.FP32, 4), 0, true);
        assertThat(list.type()).hasToString("list<fp32[4], make_list_len_0>");
        List<Var> out = ControlFlowOps.whileLoop(b, List.of(b.constant(TensorValue.scalar(0)), list),
                (inner, vars) -> List.of(MathOps.less(inner, vars.get(0), inner.constant(TensorValue.scalar(3)))),
                (inner, vars) -> List.of(MathOps.add(inner, vars.get(0), inner.constant(TensorValue.scalar(1))),
                        ControlFlowOps.listWrite(inner, vars.get(1), vars.get(0), x)));
        assertThat(out).extracting(Var::type).containsExactly(I32, list.type());
        Var stacked = ControlFlowOps.listGather(b, out.get(1), b.constant(TensorValue.vector(0, 2)));
        f.setOutputs(List.of(stacked));
        assertThat(stacked.type()).hasToString("fp32[2, 4]");
        assertThat(Verifier.verify(program)).isEmpty();
        String text = MilPrinter.print(program);
        Program parsed = MilParser.parse(text, REGISTRY);
        assertThat(Verifier.verify(parsed)).isEmpty();
        assertThat(MilPrinter.print(parsed)).isEqualTo(text);
    }

    @Test
    void listLoopVarsMayHaveAMoreGeneralBlockType() {
        Function f = function(Map.of());
        Builder b = Builder.atEnd(f.body(), REGISTRY);
        Var fixed = ControlFlowOps.makeList(b, TensorType.of(DType.FP32, 4), 3, false);
        ListType general = new ListType(TensorType.of(DType.FP32, 4), Dim.symbol("L"));
        List<Var> out = ControlFlowOps.whileLoop(b, List.of(fixed), List.of(general),
                (inner, vars) -> List.of(inner.constant(TensorValue.scalar(false))),
                (inner, vars) -> List.of(vars.get(0)));
        assertThat(out.get(0).type()).isEqualTo(general);
        ListType other = new ListType(TensorType.of(DType.FP32, 5), Dim.symbol("L"));
        assertThatThrownBy(() -> ControlFlowOps.whileLoop(b, List.of(fixed), List.of(other),
                (inner, vars) -> List.of(inner.constant(TensorValue.scalar(false))),
                (inner, vars) -> List.of(vars.get(0))))
                .hasMessageStartingWith("error: `while_loop` input `loop_vars` value 0 has type list<fp32[4], 3>, "
                        + "but the cond block input has type list<fp32[5], L>");
    }

    @Test
    void whileLoopChecksTheBlocks() {
        Function f = function(Map.of("x", TensorType.of(DType.FP32, 4)));
        Var x = f.inputs().get(0);
        Builder b = Builder.atEnd(f.body(), REGISTRY);
        assertThatThrownBy(() -> ControlFlowOps.whileLoop(b, List.of(x),
                (inner, vars) -> List.of(vars.get(0)), (inner, vars) -> List.of(vars.get(0))))
                .hasMessageStartingWith("error: `while_loop`: the cond block must return one bool scalar, got "
                        + "[fp32[4]]");
        assertThatThrownBy(() -> ControlFlowOps.whileLoop(b, List.of(x),
                (inner, vars) -> List.of(inner.constant(TensorValue.scalar(false))),
                (inner, vars) -> List.of(TensorOps.concat(inner, List.of(vars.get(0), vars.get(0)), 0))))
                .hasMessageStartingWith("error: `while_loop`: the body block must return its input types [fp32[4]], "
                        + "got [fp32[8]]");
    }

    @Test
    void growingLoopVarsUseSymbolicBlockInputs() {
        Function f = function(Map.of("x", TensorType.of(DType.FP32, 1)));
        Var x = f.inputs().get(0);
        Builder b = Builder.atEnd(f.body(), REGISTRY);
        TensorType general = new TensorType(DType.FP32, Shape.parse("N"));
        assertThatThrownBy(() -> ControlFlowOps.whileLoop(b, List.of(x), List.of(general),
                (inner, vars) -> List.of(inner.constant(TensorValue.scalar(false))),
                (inner, vars) -> List.of(TensorOps.concat(inner, List.of(vars.get(0), vars.get(0)), 0))))
                .hasMessageStartingWith("error: `while_loop`: the body block must return its input types [fp32[N]], "
                        + "got [fp32[N_plus_N]]");
        List<Var> out = ControlFlowOps.whileLoop(b, List.of(x), List.of(general),
                (inner, vars) -> List.of(inner.constant(TensorValue.scalar(false))),
                (inner, vars) -> List.of(vars.get(0)));
        assertThat(out.get(0).type()).isEqualTo(general);
    }

    @Test
    void listOpsCheckElementTypes() {
        ListType ls = new ListType(new TensorType(DType.FP32, Shape.parse("2xS")), Dim.symbol("L"));
        var write = new ListWriteOp();
        var ctx = SimpleInferenceContext.of(write).input("ls", ls).input("index", I32)
                .input("value", TensorType.of(DType.FP32, 3, 5)).build();
        assertThatThrownBy(() -> write.inferTypes(ctx)).isInstanceOf(TypeException.class)
                .satisfies(e -> assertThat(((TypeException) e).describe("list_write")).isEqualTo(
                        "`list_write` input `value` has type fp32[3, 5], but the list holds fp32[2, S]"));
        var ok = SimpleInferenceContext.of(write).input("ls", ls).input("index", I32)
                .input("value", TensorType.of(DType.FP32, 2, 5)).build();
        assertThat(write.inferTypes(ok)).containsExactly(ls);
        var scatter = new ListScatterOp();
        var sc = SimpleInferenceContext.of(scatter).input("ls", ls).input("indices", TensorType.of(DType.INT32, 3))
                .input("value", TensorType.of(DType.FP32, 3, 2, 7)).build();
        assertThat(scatter.inferTypes(sc)).containsExactly(ls);
        var gather = new ListGatherOp();
        var g = SimpleInferenceContext.of(gather).input("ls", ls).input("indices",
                new TensorType(DType.INT32, Shape.parse("K"))).build();
        assertThat(gather.inferTypes(g).toString()).isEqualTo("[fp32[K, 2, S]]");
    }

    @Test
    void makeListWithSymbolicElementsGrows() {
        var make = new MakeListOp();
        var ctx = SimpleInferenceContext.of(make).input("elem_shape", TensorValue.scalar("S"))
                .input("elem_shape", TensorValue.scalar(4)).input("dtype", TensorValue.scalar("fp16")).build();
        make.validate(ctx);
        assertThat(make.inferTypes(ctx).toString()).isEqualTo("[list<fp16[S, 4], make_list_len_0>]");
        var bad = SimpleInferenceContext.of(make).emptyInput("elem_shape")
                .input("dtype", TensorValue.scalar("int8")).build();
        assertThatThrownBy(() -> make.inferTypes(bad)).hasMessage("is 'int8'; use one of bool, fp16, fp32, int32");
    }
}
