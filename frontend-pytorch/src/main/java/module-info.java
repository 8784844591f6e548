/**
 * The PyTorch frontend: reads TorchScript archives ({@code torch.jit.trace} or {@code torch.jit.script}, then
 * {@code save}) with bounded zip reading and a restricted unpickler, parses their TorchScript code, inlines submodule
 * calls into one graph of aten/prim operations and translates it to MIL through the torch translation registry.
 */
module dev.mil4j.frontend.pytorch {
    requires transitive dev.mil4j.converter;
    requires org.slf4j;

    exports dev.mil4j.frontend.pytorch;
    exports dev.mil4j.frontend.pytorch.archive;
    exports dev.mil4j.frontend.pytorch.graph;
    exports dev.mil4j.frontend.pytorch.script;

    provides dev.mil4j.converter.spi.Mil4jPlugin with dev.mil4j.frontend.pytorch.TorchFrontendPlugin;
}
