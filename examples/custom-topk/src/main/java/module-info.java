/** An example mil4j plugin: the custom TopK operator of the seed workflow, with the translations that use it. */
module dev.mil4j.examples.customtopk {
    requires dev.mil4j.converter;
    requires dev.mil4j.frontend.pytorch;
    requires dev.mil4j.frontend.tensorflow;

    exports dev.mil4j.examples.customtopk;

    provides dev.mil4j.converter.spi.Mil4jPlugin with dev.mil4j.examples.customtopk.CustomTopKPlugin;
}
