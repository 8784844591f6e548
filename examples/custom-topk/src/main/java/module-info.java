/** An example mil4j plugin: the custom TopK operator of the seed workflow. */
module dev.mil4j.examples.customtopk {
    requires dev.mil4j.converter;

    exports dev.mil4j.examples.customtopk;

    provides dev.mil4j.converter.spi.Mil4jPlugin with dev.mil4j.examples.customtopk.CustomTopKPlugin;
}
