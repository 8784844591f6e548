package dev.mil4j.ops;

import dev.mil4j.core.op.OpDef;
import dev.mil4j.ops.activation.ClampedReluOp;
import dev.mil4j.ops.activation.EluOp;
import dev.mil4j.ops.activation.GeluOp;
import dev.mil4j.ops.activation.LeakyReluOp;
import dev.mil4j.ops.activation.LinearActivationOp;
import dev.mil4j.ops.activation.PreluOp;
import dev.mil4j.ops.activation.Relu6Op;
import dev.mil4j.ops.activation.ReluOp;
import dev.mil4j.ops.activation.ScaledTanhOp;
import dev.mil4j.ops.activation.SigmoidHardOp;
import dev.mil4j.ops.activation.SigmoidOp;
import dev.mil4j.ops.activation.SiluOp;
import dev.mil4j.ops.activation.SoftmaxOp;
import dev.mil4j.ops.activation.SoftplusOp;
import dev.mil4j.ops.activation.SoftplusParametricOp;
import dev.mil4j.ops.activation.SoftsignOp;
import dev.mil4j.ops.activation.ThresholdedReluOp;
import dev.mil4j.ops.basic.CastOp;
import dev.mil4j.ops.basic.FillOp;
import dev.mil4j.ops.basic.IdentityOp;
import dev.mil4j.ops.basic.RandomNormalOp;
import dev.mil4j.ops.basic.RandomUniformOp;
import dev.mil4j.ops.basic.Range1dOp;
import dev.mil4j.ops.basic.ShapeOp;
import dev.mil4j.ops.elementwise.AbsOp;
import dev.mil4j.ops.elementwise.AcosOp;
import dev.mil4j.ops.elementwise.AddOp;
import dev.mil4j.ops.elementwise.AsinOp;
import dev.mil4j.ops.elementwise.AtanOp;
import dev.mil4j.ops.elementwise.AtanhOp;
import dev.mil4j.ops.elementwise.CeilOp;
import dev.mil4j.ops.elementwise.ClipOp;
import dev.mil4j.ops.elementwise.CosOp;
import dev.mil4j.ops.elementwise.CoshOp;
import dev.mil4j.ops.elementwise.EqualOp;
import dev.mil4j.ops.elementwise.ErfOp;
import dev.mil4j.ops.elementwise.Exp2Op;
import dev.mil4j.ops.elementwise.ExpOp;
import dev.mil4j.ops.elementwise.FloorDivOp;
import dev.mil4j.ops.elementwise.FloorOp;
import dev.mil4j.ops.elementwise.GreaterEqualOp;
import dev.mil4j.ops.elementwise.GreaterOp;
import dev.mil4j.ops.elementwise.InverseOp;
import dev.mil4j.ops.elementwise.LessEqualOp;
import dev.mil4j.ops.elementwise.LessOp;
import dev.mil4j.ops.elementwise.LogOp;
import dev.mil4j.ops.elementwise.LogicalAndOp;
import dev.mil4j.ops.elementwise.LogicalNotOp;
import dev.mil4j.ops.elementwise.LogicalOrOp;
import dev.mil4j.ops.elementwise.LogicalXorOp;
import dev.mil4j.ops.elementwise.MaximumOp;
import dev.mil4j.ops.elementwise.MinimumOp;
import dev.mil4j.ops.elementwise.ModOp;
import dev.mil4j.ops.elementwise.MulOp;
import dev.mil4j.ops.elementwise.NotEqualOp;
import dev.mil4j.ops.elementwise.PowOp;
import dev.mil4j.ops.elementwise.RealDivOp;
import dev.mil4j.ops.elementwise.RoundOp;
import dev.mil4j.ops.elementwise.RsqrtOp;
import dev.mil4j.ops.elementwise.SignOp;
import dev.mil4j.ops.elementwise.SinOp;
import dev.mil4j.ops.elementwise.SinhOp;
import dev.mil4j.ops.elementwise.SqrtOp;
import dev.mil4j.ops.elementwise.SquareOp;
import dev.mil4j.ops.elementwise.SubOp;
import dev.mil4j.ops.elementwise.TanOp;
import dev.mil4j.ops.elementwise.TanhOp;
import dev.mil4j.ops.elementwise.ThresholdOp;
import dev.mil4j.ops.reduction.ReduceArgmaxOp;
import dev.mil4j.ops.reduction.ReduceArgminOp;
import dev.mil4j.ops.reduction.ReduceL1NormOp;
import dev.mil4j.ops.reduction.ReduceL2NormOp;
import dev.mil4j.ops.reduction.ReduceLogSumExpOp;
import dev.mil4j.ops.reduction.ReduceLogSumOp;
import dev.mil4j.ops.reduction.ReduceMaxOp;
import dev.mil4j.ops.reduction.ReduceMeanOp;
import dev.mil4j.ops.reduction.ReduceMinOp;
import dev.mil4j.ops.reduction.ReduceProdOp;
import dev.mil4j.ops.reduction.ReduceSumOp;
import dev.mil4j.ops.reduction.ReduceSumSquareOp;
import java.util.List;

/**
 * The op definitions of the math families (basic, elementwise, activation, reduction), sorted by op name and version
 * (explicit list, like Error Prone's built-ins).
 */
final class MathOpList {
    private MathOpList() {
    }

    static List<OpDef> definitions() {
        return List.of(
                new AbsOp(),
                new AcosOp(),
                new AddOp(),
                new AsinOp(),
                new AtanOp(),
                new AtanhOp(),
                CastOp.ios15(),
                CastOp.ios17(),
                new CeilOp(),
                ClampedReluOp.ios15(),
                ClampedReluOp.ios17(),
                ClipOp.ios15(),
                ClipOp.ios17(),
                new CosOp(),
                new CoshOp(),
                EluOp.ios15(),
                EluOp.ios17(),
                new EqualOp(),
                new ErfOp(),
                new ExpOp(),
                new Exp2Op(),
                new FillOp(),
                new FloorOp(),
                new FloorDivOp(),
                new GeluOp(),
                new GreaterOp(),
                new GreaterEqualOp(),
                new IdentityOp(),
                InverseOp.ios15(),
                InverseOp.ios17(),
                LeakyReluOp.ios15(),
                LeakyReluOp.ios17(),
                new LessOp(),
                new LessEqualOp(),
                LinearActivationOp.ios15(),
                LinearActivationOp.ios17(),
                LogOp.ios15(),
                LogOp.ios17(),
                new LogicalAndOp(),
                new LogicalNotOp(),
                new LogicalOrOp(),
                new LogicalXorOp(),
                new MaximumOp(),
                new MinimumOp(),
                new ModOp(),
                new MulOp(),
                new NotEqualOp(),
                new PowOp(),
                PreluOp.ios15(),
                PreluOp.ios17(),
                new RandomNormalOp(),
                new RandomUniformOp(),
                new Range1dOp(),
                new RealDivOp(),
                ReduceArgmaxOp.ios15(),
                ReduceArgmaxOp.ios17(),
                ReduceArgminOp.ios15(),
                ReduceArgminOp.ios17(),
                new ReduceL1NormOp(),
                new ReduceL2NormOp(),
                new ReduceLogSumOp(),
                new ReduceLogSumExpOp(),
                new ReduceMaxOp(),
                new ReduceMeanOp(),
                new ReduceMinOp(),
                new ReduceProdOp(),
                new ReduceSumOp(),
                new ReduceSumSquareOp(),
                new ReluOp(),
                new Relu6Op(),
                new RoundOp(),
                RsqrtOp.ios15(),
                RsqrtOp.ios17(),
                ScaledTanhOp.ios15(),
                ScaledTanhOp.ios17(),
                new ShapeOp(),
                new SigmoidOp(),
                SigmoidHardOp.ios15(),
                SigmoidHardOp.ios17(),
                new SignOp(),
                new SiluOp(),
                new SinOp(),
                new SinhOp(),
                new SoftmaxOp(),
                new SoftplusOp(),
                SoftplusParametricOp.ios15(),
                SoftplusParametricOp.ios17(),
                new SoftsignOp(),
                new SqrtOp(),
                new SquareOp(),
                new SubOp(),
                new TanOp(),
                new TanhOp(),
                new ThresholdOp(),
                ThresholdedReluOp.ios15(),
                ThresholdedReluOp.ios17());
    }
}
