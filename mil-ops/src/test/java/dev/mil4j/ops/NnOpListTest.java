package dev.mil4j.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.op.Opset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class NnOpListTest {

    /** Every op of the family, with the opsets at which it has its own definition. */
    private static final Map<String, List<Opset>> EXPECTED = new TreeMap<>(Map.ofEntries(
            Map.entry("avg_pool", List.of(Opset.IOS15, Opset.IOS16)),
            Map.entry("batch_norm", List.of(Opset.IOS15, Opset.IOS17)),
            Map.entry("batch_to_space", List.of(Opset.IOS15)),
            Map.entry("conv", List.of(Opset.IOS15, Opset.IOS16, Opset.IOS17)),
            Map.entry("conv_transpose", List.of(Opset.IOS15, Opset.IOS17)),
            Map.entry("crop", List.of(Opset.IOS15)),
            Map.entry("crop_resize", List.of(Opset.IOS15, Opset.IOS16, Opset.IOS17)),
            Map.entry("depth_to_space", List.of(Opset.IOS15)),
            Map.entry("einsum", List.of(Opset.IOS15)),
            Map.entry("instance_norm", List.of(Opset.IOS15, Opset.IOS17)),
            Map.entry("l2_norm", List.of(Opset.IOS15, Opset.IOS17)),
            Map.entry("l2_pool", List.of(Opset.IOS15, Opset.IOS16)),
            Map.entry("layer_norm", List.of(Opset.IOS15, Opset.IOS17)),
            Map.entry("linear", List.of(Opset.IOS15, Opset.IOS17)),
            Map.entry("local_response_norm", List.of(Opset.IOS15, Opset.IOS17)),
            Map.entry("matmul", List.of(Opset.IOS15, Opset.IOS17)),
            Map.entry("max_pool", List.of(Opset.IOS15, Opset.IOS16)),
            Map.entry("pixel_shuffle", List.of(Opset.IOS15)),
            Map.entry("resample", List.of(Opset.IOS15, Opset.IOS16)),
            Map.entry("resize_bilinear", List.of(Opset.IOS15)),
            Map.entry("resize_nearest_neighbor", List.of(Opset.IOS15)),
            Map.entry("scaled_dot_product_attention", List.of(Opset.IOS18)),
            Map.entry("space_to_batch", List.of(Opset.IOS15)),
            Map.entry("space_to_depth", List.of(Opset.IOS15)),
            Map.entry("upsample_bilinear", List.of(Opset.IOS15, Opset.IOS16)),
            Map.entry("upsample_nearest_neighbor", List.of(Opset.IOS15))));

    @Test
    void listsEveryOpAtEveryVersionItClaims() {
        Map<String, List<Opset>> listed = NnOpList.definitions().stream().collect(Collectors.groupingBy(
                OpDef::name, TreeMap::new, Collectors.mapping(OpDef::since, Collectors.toList())));
        assertThat(listed).isEqualTo(EXPECTED);
    }

    @Test
    void listIsSortedByNameThenOpset() {
        List<OpDef> defs = NnOpList.definitions();
        for (int i = 1; i < defs.size(); i++) {
            OpDef a = defs.get(i - 1);
            OpDef b = defs.get(i);
            int byName = a.name().compareTo(b.name());
            assertThat(byName < 0 || byName == 0 && a.since().compareTo(b.since()) < 0)
                    .as("%s before %s", a, b).isTrue();
        }
    }

    @Test
    void registryPicksTheNewestVersionNotAboveTheTarget() {
        OpRegistry registry = StandardOps.newRegistry();
        for (Map.Entry<String, List<Opset>> e : EXPECTED.entrySet()) {
            for (Opset target : Opset.values()) {
                Optional<Opset> newest = e.getValue().stream().filter(o -> o.compareTo(target) <= 0)
                        .reduce((a, b) -> b);
                assertThat(registry.lookup(e.getKey(), target).map(OpDef::since)).as("%s at %s", e.getKey(), target)
                        .isEqualTo(newest);
            }
        }
    }

    @Test
    void everyDefinitionHasASummary() {
        assertThat(NnOpList.definitions()).allSatisfy(d -> assertThat(d.summary()).isNotBlank());
    }
}
