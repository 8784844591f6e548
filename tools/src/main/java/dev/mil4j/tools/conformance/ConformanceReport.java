package dev.mil4j.tools.conformance;

import dev.mil4j.tools.conformance.Outcome.Cause;
import dev.mil4j.tools.conformance.Outcome.Status;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The markdown report of a conformance run: totals, failures by cause, results by op, every failure. */
final class ConformanceReport {
    private ConformanceReport() {
    }

    static String markdown(List<Outcome> outcomes, String heading) {
        int n = outcomes.size();
        long pass = count(outcomes, Status.PASS);
        long dtype = count(outcomes, Status.DTYPE);
        long random = count(outcomes, Status.RANDOM);
        long nn = outcomes.stream().filter(Outcome::neuralNetwork).count();
        StringBuilder sb = new StringBuilder("# ONNX backend node tests\n\n").append(heading).append("\n\n");
        sb.append(String.format("**%d of %d pass (%.1f%%)**: values within `|a - e| <= 1e-7 + 1e-3 |e|` (integers and "
                + "bools exactly) and every output of the dtype Core ML's interface gives its ONNX type (see the "
                + "mapping below). %d more have the right values but another dtype. %d more draw random values "
                + "(outputs of the right shapes and dtypes; their values cannot be compared, and they are not "
                + "counted). %d of %d convert to the NeuralNetwork target too.%n%n", pass, n,
                n == 0 ? 0 : 100.0 * pass / n, dtype, random, nn, n));
        sb.append("""
                Dtype mapping (ONNX -> Core ML interface, as coremltools and `mlprogram::adjust_io_dtypes` make it):
                float, double, bfloat16 -> fp32; float16 -> fp32 (the default deployment target, iOS15, has no fp16
                multi-array; from iOS16 on it stays fp16); int8, uint8, int16, uint16, int32, uint32, int64,
                uint64 -> int32; bool -> fp32; string -> string. Inputs are cast to the program's input dtypes as
                `mil4j run` casts them.

                ## By cause

                | cause | tests |
                |---|---:|
                """);
        Map<Cause, Integer> byCause = new EnumMap<>(Cause.class);
        outcomes.forEach(o -> byCause.merge(o.cause(), 1, Integer::sum));
        byCause.forEach((c, k) -> sb.append("| ").append(c.description).append(" | ").append(k).append(" |\n"));
        sb.append("\n## By op\n\n| op | tests | pass | dtype differs | failing tests (cause) |\n|---|---:|---:|---:|---|\n");
        Map<String, List<Outcome>> byOp = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Outcome o : outcomes) {
            byOp.computeIfAbsent(opOf(o, outcomes), k -> new ArrayList<>()).add(o);
        }
        byOp.forEach((op, list) -> {
            List<String> failing = new ArrayList<>();
            for (Outcome o : list) {
                if (o.status() != Status.PASS) {
                    failing.add(o.test().name().replaceFirst("^test_", "") + " (" + o.cause().name().toLowerCase()
                            .replace('_', ' ') + ")");
                }
            }
            sb.append("| ").append(op).append(" | ").append(list.size()).append(" | ")
                    .append(count(list, Status.PASS)).append(" | ").append(count(list, Status.DTYPE)).append(" | ")
                    .append(String.join(", ", failing)).append(" |\n");
        });
        sb.append("\n## Every test that does not pass\n\n| test | cause | message |\n|---|---|---|\n");
        for (Outcome o : outcomes) {
            if (o.status() != Status.PASS) {
                sb.append("| ").append(o.test().name()).append(" | ").append(o.cause().name().toLowerCase()
                        .replace('_', ' ')).append(" | ").append(escape(o.detail())).append(" |\n");
            }
        }
        return sb.toString();
    }

    /** The op a test belongs to: its first node's, or for an expanded test the op of the unexpanded one. */
    private static String opOf(Outcome o, List<Outcome> all) {
        if (!o.test().expanded()) {
            return o.test().op();
        }
        String base = o.test().name().substring(0, o.test().name().length() - "_expanded".length());
        return all.stream().filter(x -> x.test().name().equals(base)).findFirst()
                .map(x -> x.test().op() + " (expanded)").orElse(o.test().op() + " (expanded)");
    }

    private static long count(List<Outcome> list, Status s) {
        return list.stream().filter(o -> o.status() == s).count();
    }

    private static String escape(String s) {
        String one = s.replace("|", "\\|").replace("\n", " ");
        return one.length() > 300 ? one.substring(0, 300) + "..." : one;
    }
}
