package dev.mil4j.tools.zoo;

import java.util.List;

/** The zoo runner's result as a markdown table, with a count of the rows that are ok. */
final class ZooTable {
    private ZooTable() {
    }

    static String markdown(List<ZooRunner.Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| model | source | target | result | seconds | fp32 worst | fp16 worst |\n");
        sb.append("|---|---|---|---|---:|---:|---:|\n");
        for (ZooRunner.Row r : rows) {
            sb.append("| ").append(r.model()).append(" | ").append(r.source()).append(" | ").append(r.target())
                    .append(" | ").append(cell(r.result())).append(" | ").append(String.format("%.2f", r.seconds()))
                    .append(" | ").append(cell(String.valueOf(r.fp32()))).append(" | ")
                    .append(r.fp16() == null ? "" : cell(String.valueOf(r.fp16()))).append(" |\n");
        }
        long ok = rows.stream().filter(ZooRunner.Row::ok).count();
        sb.append('\n').append(ok).append(" of ").append(rows.size()).append(" ok (worst = max |err| / (1 + |expected|); "
                + "fp32 passes at worst <= 1e-4 from the framework, or within 2x the framework's own distance from the "
                + "float64 reference; fp16 at 1e-2, or within 2^13x that distance)\n");
        return sb.toString();
    }

    private static String cell(String s) {
        String one = s.replace('|', '/').replace('\n', ' ');
        return one.length() > 160 ? one.substring(0, 157) + "..." : one;
    }
}
