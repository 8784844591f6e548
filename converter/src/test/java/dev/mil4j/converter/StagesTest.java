package dev.mil4j.converter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.converter.spi.ProgressListener;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.text.MilParser;
import dev.mil4j.ops.StandardOps;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StagesTest {
    /** Records events as text: "stage", "/stage", "stage done/total". */
    private static final class Recorder implements ProgressListener {
        final List<String> events = new ArrayList<>();

        @Override
        public void stageStarted(String stage) {
            events.add(stage);
        }

        @Override
        public void stageProgress(String stage, long done, long total) {
            events.add(stage + " " + done + "/" + total);
        }

        @Override
        public void stageFinished(String stage, long nanos) {
            assertThat(nanos).isNotNegative();
            events.add("/" + stage);
        }
    }

    @Test
    void theFirstTranslationReportEndsLoadAndOpensTranslate() {
        Recorder r = new Recorder();
        Stages stages = Stages.of(r);
        stages.start(ProgressListener.LOAD);
        stages.stageProgress(ProgressListener.TRANSLATE, 1, 2);
        stages.stageProgress(ProgressListener.TRANSLATE, 2, 2);
        stages.enter(ProgressListener.TRANSLATE);
        stages.finish();
        stages.finish();
        assertThat(r.events).containsExactly("load", "/load", "translate", "translate 1/2", "translate 2/2",
                "/translate");
    }

    @Test
    void aWriteReportWithoutTotalGetsTheBytesOfTheProgramsConstants() {
        Program p = MilParser.parse("""
                program(version: 1)

                func main<iOS15>(%x: fp32[4]) {
                  %w: fp32[4] = const() {val = fp32[4] [1.0, 2.0, 3.0, 4.0]}
                  %y: fp32[4] = add(x = %x, y = %w)
                } -> (%y)
                """, StandardOps.newRegistry());
        assertThat(Stages.constantBytes(p)).isEqualTo(16);

        Recorder r = new Recorder();
        Stages stages = Stages.writing(r, p);
        stages.start(ProgressListener.WRITE);
        stages.stageProgress(ProgressListener.WRITE, 8, 0);
        stages.stageProgress(ProgressListener.WRITE, 20, 0);
        stages.stageProgress(ProgressListener.WRITE, 30, 40);
        stages.finish();
        assertThat(r.events).containsExactly("write", "write 8/16", "write 20/20", "write 30/40", "/write");
    }
}
