package dev.mil4j.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.op.Opset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OpSetListingTest {
    private static final List<String> TENSOR_OPS = List.of("argsort", "band_part", "concat", "cumsum", "expand_dims",
            "flatten2d", "gather", "gather_along_axis", "gather_nd", "non_maximum_suppression", "non_zero", "one_hot",
            "pad", "reshape", "reverse", "reverse_sequence", "scatter", "scatter_along_axis", "scatter_nd", "select",
            "slice_by_index", "slice_by_size", "slice_update", "sliding_windows", "split", "stack", "tile", "topk",
            "transpose", "squeeze");
    private static final List<String> CONTROL_OPS = List.of("cond", "while_loop", "make_list", "list_length",
            "list_write", "list_read", "list_gather", "list_scatter", "read_state", "coreml_update_state", "classify");

    /** The versions each op claims: the opsets where its definition changes. */
    private static final Map<String, Set<Opset>> VERSIONS = Map.of(
            "expand_dims", Set.of(Opset.IOS15, Opset.IOS17),
            "gather", Set.of(Opset.IOS15, Opset.IOS16, Opset.IOS17),
            "gather_along_axis", Set.of(Opset.IOS15, Opset.IOS17),
            "reshape", Set.of(Opset.IOS15, Opset.IOS17),
            "scatter", Set.of(Opset.IOS15, Opset.IOS17),
            "scatter_along_axis", Set.of(Opset.IOS15, Opset.IOS17),
            "slice_by_index", Set.of(Opset.IOS15, Opset.IOS17),
            "slice_by_size", Set.of(Opset.IOS15, Opset.IOS17),
            "squeeze", Set.of(Opset.IOS15, Opset.IOS17),
            "topk", Set.of(Opset.IOS15, Opset.IOS16, Opset.IOS17));
    private static final Map<String, Set<Opset>> MORE_VERSIONS = Map.of(
            "transpose", Set.of(Opset.IOS15, Opset.IOS17),
            "gather_nd", Set.of(Opset.IOS15, Opset.IOS16, Opset.IOS17),
            "non_maximum_suppression", Set.of(Opset.IOS15, Opset.IOS17),
            "reverse", Set.of(Opset.IOS15, Opset.IOS17),
            "reverse_sequence", Set.of(Opset.IOS15, Opset.IOS17),
            "scatter_nd", Set.of(Opset.IOS15, Opset.IOS17),
            "slice_update", Set.of(Opset.IOS18),
            "read_state", Set.of(Opset.IOS18),
            "coreml_update_state", Set.of(Opset.IOS18),
            "sliding_windows", Set.of(Opset.IOS15, Opset.IOS17));

    @Test
    void listsEveryTensorAndControlOpWithItsVersions() {
        Map<String, Set<Opset>> listed = TensorOpList.definitions().stream()
                .collect(Collectors.groupingBy(OpDef::name, Collectors.mapping(OpDef::since, Collectors.toSet())));
        assertThat(listed.keySet()).containsExactlyInAnyOrderElementsOf(
                java.util.stream.Stream.concat(TENSOR_OPS.stream(), CONTROL_OPS.stream()).toList());
        listed.forEach((name, versions) -> assertThat(versions).as(name).isEqualTo(
                VERSIONS.getOrDefault(name, MORE_VERSIONS.getOrDefault(name, Set.of(Opset.IOS15)))));
    }

    @Test
    void listIsSortedByNameThenVersion() {
        List<OpDef> defs = TensorOpList.definitions();
        assertThat(defs).isSortedAccordingTo(Comparator.comparing(OpDef::name).thenComparing(OpDef::since));
    }

    @Test
    void everyOpResolvesInEveryOpsetToTheNewestVersionNotAboveIt() {
        OpRegistry registry = StandardOps.newRegistry();
        for (String name : java.util.stream.Stream.concat(TENSOR_OPS.stream(), CONTROL_OPS.stream()).toList()) {
            for (Opset opset : Opset.values()) {
                java.util.Optional<Opset> expected = VERSIONS.getOrDefault(name,
                        MORE_VERSIONS.getOrDefault(name, Set.of(Opset.IOS15)))
                        .stream().filter(v -> v.compareTo(opset) <= 0).max(Comparator.naturalOrder());
                // an op newer than the opset (slice_update is iOS18) is not found there
                assertThat(registry.lookup(name, opset).map(OpDef::since)).as(name + " at " + opset)
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void controlFlowOpsHoldTwoBlocks() {
        OpRegistry registry = StandardOps.newRegistry();
        assertThat(registry.lookup("cond", Opset.IOS15).orElseThrow().blockCount()).isEqualTo(2);
        assertThat(registry.lookup("while_loop", Opset.IOS18).orElseThrow().blockCount()).isEqualTo(2);
    }

    @Test
    void everyStandardOpHasItsOwnOneLineSummary() {
        List<OpDef> defs = StandardOps.definitions();
        assertThat(defs).allSatisfy(d -> assertThat(d.summary()).as(d.toString()).isNotBlank().doesNotContain("\n"));
        // the versions of one op share its summary; two ops never do
        Map<String, Set<String>> opsBySummary = defs.stream().collect(Collectors.groupingBy(OpDef::summary,
                Collectors.mapping(OpDef::name, Collectors.toSet())));
        assertThat(opsBySummary).allSatisfy((summary, ops) -> assertThat(ops).as(summary).hasSize(1));
    }
}
