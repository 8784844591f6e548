/**
 * The converter: the {@code Converter} API that runs frontend, pass pipeline and backend, its options, and the plugin
 * SPI through which frontends, backends, op definitions, translations and passes are contributed.
 */
module dev.mil4j.converter {
    requires transitive dev.mil4j.core;
    requires transitive dev.mil4j.ops;
    requires transitive dev.mil4j.interpreter;
    requires transitive com.google.guice;
    requires static aopalliance; // named by Guice's Binder, which the converter implements (ContributionRecorder)
    requires org.slf4j;

    exports dev.mil4j.converter;
    exports dev.mil4j.converter.spi;

    uses dev.mil4j.converter.spi.Mil4jPlugin;
}
