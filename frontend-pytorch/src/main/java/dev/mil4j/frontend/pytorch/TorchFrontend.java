package dev.mil4j.frontend.pytorch;

import dev.mil4j.converter.spi.InputType;
import dev.mil4j.converter.spi.Frontend;
import dev.mil4j.converter.spi.FrontendContext;
import dev.mil4j.core.ir.Program;
import dev.mil4j.frontend.pytorch.archive.ArchiveLimits;
import dev.mil4j.frontend.pytorch.archive.TorchArchive;
import dev.mil4j.frontend.pytorch.graph.TorchGraph;
import dev.mil4j.frontend.pytorch.graph.TorchScriptLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code pytorch} frontend: TorchScript archives ({@code .pt}, {@code .pth}, {@code .ptl}, {@code .torchscript})
 * to MIL. It reads the archive with bounds checks, builds the inlined aten/prim graph of the root module's
 * {@code forward}, and translates it through the {@code pytorch} translation registry.
 */
public final class TorchFrontend implements Frontend<TorchTranslation> {
    /** The frontend id and the frontend name of its translations. */
    public static final String ID = "pytorch";

    private static final Logger LOG = LoggerFactory.getLogger(TorchFrontend.class);

    private final ArchiveLimits limits;

    public TorchFrontend() {
        this(ArchiveLimits.DEFAULT);
    }

    public TorchFrontend(ArchiveLimits limits) {
        this.limits = limits;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "TorchScript archives (.pt) from torch.jit.trace or torch.jit.script";
    }

    @Override
    public Class<TorchTranslation> translationType() {
        return TorchTranslation.class;
    }

    @Override
    public boolean accepts(Path model) {
        String name = model.getFileName() == null ? "" : model.getFileName().toString();
        if (!Files.isRegularFile(model) || !(name.endsWith(".pt") || name.endsWith(".pth") || name.endsWith(".ptl")
                || name.endsWith(".torchscript"))) {
            return false;
        }
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(model)) {
            return in.readNBytes(head, 0, 4) == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3
                    && head[3] == 4;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public Program load(Path model, FrontendContext<TorchTranslation> context) {
        try (TorchArchive archive = TorchArchive.open(model, limits)) {
            TorchGraph graph = TorchScriptLoader.load(archive, context.options().inputs().stream()
                    .map(InputType::shape).toList(), context.options().inputs().stream()
                    .map(InputType::dtype).toList());
            LOG.debug("{}: {} torch nodes, {} tensors", model, graph.nodes().size(), graph.tensors().size());
            return TorchGraphTranslator.translate(graph, context);
        }
    }
}
