/** The mil4j command line. */
module dev.mil4j.cli {
    requires dev.mil4j.converter;
    requires dev.mil4j.backend.mlprogram;
    requires dev.mil4j.compression;
    requires dev.mil4j.spec;
    requires dev.mil4j.backend.neuralnetwork;
    requires info.picocli;
    requires java.desktop;
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;

    opens dev.mil4j.cli to info.picocli;

    exports dev.mil4j.cli;
}
