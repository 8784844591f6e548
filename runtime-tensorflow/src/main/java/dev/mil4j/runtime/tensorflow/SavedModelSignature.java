package dev.mil4j.runtime.tensorflow;

import dev.mil4j.converter.spi.ReferenceRuntimeException;
import dev.mil4j.core.ir.Identifiers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

/**
 * The meta graph and signature of a SavedModel that mil4j's TensorFlow frontend converts ({@code TfModelReader}):
 * the meta graph tagged {@code serve} (else the only one) and its {@code serving_default} signature (else the only
 * one). The signature's inputs are named by their keys as the frontend sanitizes them, its outputs by their keys,
 * both sorted by key as the frontend orders them.
 *
 * @param tags      the tags of the chosen meta graph, with which the bundle is loaded
 * @param key       the signature's key
 * @param endpoints the signature's tensors under the converted model's names
 */
record SavedModelSignature(List<String> tags, String key, TfEndpoints endpoints) {
    static final String SAVED_MODEL_FILE = "saved_model.pb";
    private static final String SERVE_TAG = "serve";
    private static final String DEFAULT_SIGNATURE = "serving_default";

    /** Reads {@code dir/saved_model.pb}; a directory that is no SavedModel is refused with the reason. */
    static SavedModelSignature read(Path dir) {
        Path pb = dir.resolve(SAVED_MODEL_FILE);
        if (!Files.isRegularFile(pb)) {
            throw new ReferenceRuntimeException("directory " + dir + " is not a TensorFlow SavedModel: it has no "
                    + SAVED_MODEL_FILE + "; give the SavedModel directory or a frozen .pb file");
        }
        SavedModel saved;
        try {
            saved = SavedModel.parseFrom(Files.readAllBytes(pb));
        } catch (IOException e) {
            throw new ReferenceRuntimeException("TensorFlow cannot read " + pb + ": " + e.getMessage(), e);
        }
        MetaGraphDef meta = metaGraph(pb, saved.getMetaGraphsList());
        Map.Entry<String, SignatureDef> signature = signature(pb, meta.getSignatureDefMap());
        Map<String, TfEndpoints.Feed> inputs = new LinkedHashMap<>();
        Map<String, TensorInfo> in = signature.getValue().getInputsMap();
        for (String k : new TreeSet<>(in.keySet())) {
            inputs.put(sanitize(k), new TfEndpoints.Feed(tensorName(pb, k, in.get(k)), in.get(k).getDtype()));
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        Map<String, TensorInfo> out = signature.getValue().getOutputsMap();
        for (String k : new TreeSet<>(out.keySet())) {
            outputs.put(k, tensorName(pb, k, out.get(k)));
        }
        return new SavedModelSignature(List.copyOf(meta.getMetaInfoDef().getTagsList()), signature.getKey(),
                new TfEndpoints(inputs, outputs));
    }

    private static MetaGraphDef metaGraph(Path pb, List<MetaGraphDef> metas) {
        for (MetaGraphDef m : metas) {
            if (m.getMetaInfoDef().getTagsList().contains(SERVE_TAG)) {
                return m;
            }
        }
        if (metas.size() == 1) {
            return metas.get(0);
        }
        throw new ReferenceRuntimeException("TensorFlow SavedModel " + pb + " has " + metas.size() + " meta graphs "
                + "and none is tagged `" + SERVE_TAG + "`, so mil4j converts none of them; save it for serving");
    }

    private static Map.Entry<String, SignatureDef> signature(Path pb, Map<String, SignatureDef> all) {
        if (all.containsKey(DEFAULT_SIGNATURE)) {
            return Map.entry(DEFAULT_SIGNATURE, all.get(DEFAULT_SIGNATURE));
        }
        if (all.size() == 1) {
            return all.entrySet().iterator().next();
        }
        throw new ReferenceRuntimeException("TensorFlow SavedModel " + pb + " has no `" + DEFAULT_SIGNATURE
                + "` signature" + (all.isEmpty() ? "" : "; its signatures are " + new TreeSet<>(all.keySet()))
                + "; export it with a serving_default signature");
    }

    private static String tensorName(Path pb, String key, TensorInfo info) {
        if (info.getEncodingCase() != TensorInfo.EncodingCase.NAME) {
            throw new ReferenceRuntimeException("signature tensor `" + key + "` of TensorFlow SavedModel " + pb
                    + " is a " + info.getEncodingCase() + " tensor; only dense tensors are run");
        }
        return info.getName();
    }

    /** A signature key as the frontend names the input: {@link Identifiers#sanitize}. */
    static String sanitize(String name) {
        return Identifiers.sanitize(name);
    }
}
