package dev.mil4j.core.text;

import dev.mil4j.core.diag.Location;
import dev.mil4j.core.ir.Block;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.InputParam;
import dev.mil4j.core.types.DimBound;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.core.value.ValueFormat;
import java.util.List;
import java.util.Map;

/**
 * Prints programs in MIL text form, which {@link MilParser} reads back: printing, parsing and printing again gives
 * the same text.
 *
 * <pre>
 * program(version: 1)
 * attribute producer = "mil4j"
 *
 * func main&lt;iOS15&gt;(%x: fp32[B, 4]) {
 *   %w: fp32[4] = const() {val = fp32[4] [1.0, 2.0, 3.0, 4.0]}
 *   %y: fp32[B, 4] = add(x = %x, y = %w) @("torch", "aten::add", "model.add", "code/model.py", 12)
 *   %v: fp32[B, 2], %i: int32[B, 2] = topk(x = %y, k = %k) [name = "top"]
 * } -&gt; (%y, %v)
 * </pre>
 *
 * Ranges given to the inputs' symbolic dimensions follow the parameters
 * ({@code func main<iOS15>(%x: int32[1, S]) where S = 1..512 { ... }}). Variadic inputs print as lists
 * ({@code values = [%a, %b]}); nested blocks follow their op in braces; the op name is printed only when it differs
 * from the first output's name; the location only when known. Constants with more elements than the elision limit
 * print as {@code <N elements>}, which the parser rejects.
 */
public final class MilPrinter {
    private static final String INDENT = "  ";

    private final long elideAbove;

    private MilPrinter(long elideAbove) {
        this.elideAbove = elideAbove;
    }

    /** A printer that prints every constant in full (the round-trip form). */
    public static MilPrinter full() {
        return new MilPrinter(-1);
    }

    /** A printer that elides constants with more than {@code maxElements} elements (for reading, not parsing). */
    public static MilPrinter eliding(long maxElements) {
        return new MilPrinter(maxElements);
    }

    public static String print(Program program) {
        return full().format(program);
    }

    public String format(Program program) {
        StringBuilder sb = new StringBuilder();
        sb.append("program(version: ").append(program.version()).append(")\n");
        for (Map.Entry<String, String> a : program.attributes().entrySet()) {
            sb.append("attribute ").append(a.getKey()).append(" = ");
            ValueFormat.appendQuoted(sb, a.getValue());
            sb.append('\n');
        }
        for (Function f : program.functions()) {
            sb.append('\n');
            function(sb, f);
        }
        return sb.toString();
    }

    public String format(Function f) {
        StringBuilder sb = new StringBuilder();
        function(sb, f);
        return sb.toString();
    }

    private void function(StringBuilder sb, Function f) {
        sb.append("func ").append(Names.needsQuotes(f.name()) ? ValueFormat.quote(f.name()) : f.name())
                .append('<').append(f.opset().target()).append(">(");
        params(sb, f.inputs());
        sb.append(") ");
        dimBounds(sb, f);
        block(sb, f.body(), "");
        sb.append('\n');
    }

    private void params(StringBuilder sb, List<Var> vars) {
        for (int i = 0; i < vars.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            var(sb, vars.get(i));
            sb.append(": ").append(vars.get(i).type());
        }
    }

    /** {@code where S = 1..512, T = 2.. } when the inputs' symbols have ranges. */
    private static void dimBounds(StringBuilder sb, Function f) {
        if (f.dimBounds().isEmpty()) {
            return;
        }
        sb.append("where ");
        String sep = "";
        for (Map.Entry<String, DimBound> e : f.dimBounds().entrySet()) {
            sb.append(sep).append(e.getKey()).append(" = ").append(e.getValue());
            sep = ", ";
        }
        sb.append(' ');
    }

    private void block(StringBuilder sb, Block b, String indent) {
        sb.append("{\n");
        for (Operation op : b.operations()) {
            operation(sb, op, indent + INDENT);
        }
        sb.append(indent).append("} -> (");
        List<Var> outs = b.outputs();
        for (int i = 0; i < outs.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            var(sb, outs.get(i));
        }
        sb.append(')');
    }

    private void operation(StringBuilder sb, Operation op, String indent) {
        sb.append(indent);
        List<Var> outs = op.outputs();
        for (int i = 0; i < outs.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            var(sb, outs.get(i));
            sb.append(": ").append(outs.get(i).type());
        }
        if (!outs.isEmpty()) {
            sb.append(" = ");
        }
        sb.append(op.type()).append('(');
        boolean first = true;
        for (Map.Entry<String, List<Var>> in : op.inputs().entrySet()) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            sb.append(in.getKey()).append(" = ");
            boolean variadic = op.def().inputs().param(in.getKey()).map(InputParam::isVariadic).orElse(false);
            if (variadic) {
                sb.append('[');
            }
            for (int i = 0; i < in.getValue().size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                var(sb, in.getValue().get(i));
            }
            if (variadic) {
                sb.append(']');
            }
        }
        sb.append(')');
        if (!op.attributes().isEmpty()) {
            sb.append(" {");
            boolean firstAttr = true;
            for (Map.Entry<String, TensorValue> a : op.attributes().entrySet()) {
                if (!firstAttr) {
                    sb.append(", ");
                }
                firstAttr = false;
                sb.append(a.getKey()).append(" = ");
                value(sb, a.getValue());
            }
            sb.append('}');
        }
        if (outs.isEmpty() || !outs.get(0).name().equals(op.name())) {
            sb.append(" [name = ");
            ValueFormat.appendQuoted(sb, op.name());
            sb.append(']');
        }
        if (op.location().isKnown()) {
            location(sb, op.location());
        }
        if (!op.blocks().isEmpty()) {
            sb.append(" {\n");
            for (Block nested : op.blocks()) {
                sb.append(indent).append(INDENT).append("block(");
                params(sb, nested.inputs());
                sb.append(") ");
                block(sb, nested, indent + INDENT);
                sb.append('\n');
            }
            sb.append(indent).append('}');
        }
        sb.append('\n');
    }

    private void value(StringBuilder sb, TensorValue v) {
        sb.append(v.type()).append(' ');
        if (elideAbove >= 0 && v.elementCount() > elideAbove) {
            sb.append('<').append(v.elementCount()).append(" elements>");
        } else {
            ValueFormat.appendElements(sb, v, -1);
        }
    }

    private static void location(StringBuilder sb, Location l) {
        sb.append(" @(");
        ValueFormat.appendQuoted(sb, l.framework());
        sb.append(", ");
        ValueFormat.appendQuoted(sb, l.node());
        sb.append(", ");
        ValueFormat.appendQuoted(sb, l.scope());
        sb.append(", ");
        ValueFormat.appendQuoted(sb, l.file());
        sb.append(", ").append(l.line()).append(')');
    }

    private static void var(StringBuilder sb, Var v) {
        sb.append('%');
        if (Names.needsQuotes(v.name())) {
            ValueFormat.appendQuoted(sb, v.name());
        } else {
            sb.append(v.name());
        }
    }
}
