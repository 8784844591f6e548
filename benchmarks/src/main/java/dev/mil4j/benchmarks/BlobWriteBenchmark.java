package dev.mil4j.benchmarks;

import dev.mil4j.core.value.Fp16;
import dev.mil4j.spec.blob.BlobDataType;
import dev.mil4j.spec.blob.BlobFileWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Writing a weight blob file with {@link BlobFileWriter}: {@code megabytes} of fp16 or fp32 weights as blobs of
 * 4 MiB (a typical large layer), including the final flush to disk ({@code finish()} forces the file, which replaces
 * an empty one placed before each invocation). The file goes
 * to a temporary directory and is deleted after each invocation. The primary score is the time of one whole file;
 * the secondary {@code gigabytesPerSecond} is the throughput (10^9 bytes per second).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class BlobWriteBenchmark {
    private static final int CHUNK = 4 << 20;

    @Param({"100", "1000"})
    public int megabytes;

    @Param({"fp16", "fp32"})
    public String dtype;

    private ByteBuffer chunk;
    private BlobDataType type;
    private Path dir;
    private Path file;

    /**
     * The throughput of the invocation (see the class comment). JMH sums {@code EVENTS} counters over the measurement
     * iterations (one invocation each), so each value is divided by their number to make the sum a mean.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Throughput {
        public double gigabytesPerSecond;
        private int iterations = 1;

        @Setup(Level.Iteration)
        public void reset(BenchmarkParams params) {
            gigabytesPerSecond = 0;
            iterations = Math.max(1, params.getMeasurement().getCount());
        }

        void record(long bytes, long nanos) {
            gigabytesPerSecond = bytes / (nanos / 1e9) / 1e9 / iterations;
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        type = dtype.equals("fp16") ? BlobDataType.FLOAT16 : BlobDataType.FLOAT32;
        chunk = ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        SplittableRandom random = new SplittableRandom(7);
        while (chunk.hasRemaining()) {
            if (type == BlobDataType.FLOAT16) {
                chunk.putShort(Fp16.fromFloat((float) random.nextDouble()));
            } else {
                chunk.putFloat((float) random.nextDouble());
            }
        }
        chunk.flip();
        dir = Files.createTempDirectory("mil4j-bench-blob");
        file = dir.resolve("weight.bin");
    }

    /**
     * An empty file where the weights go, so that {@code finish()} replaces it and therefore forces the new one to disk
     * (a new file is not forced), as the benchmark always measured.
     */
    @Setup(Level.Invocation)
    public void placeOldFile() throws IOException {
        Files.write(file, new byte[0]);
    }

    @TearDown(Level.Invocation)
    public void deleteFile() throws IOException {
        Files.deleteIfExists(file);
    }

    @TearDown(Level.Trial)
    public void deleteDir() throws IOException {
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
    }

    @Benchmark
    public long write(Throughput throughput) throws IOException {
        long total = (long) megabytes * 1_000_000L;
        long start = System.nanoTime();
        long written = 0;
        try (BlobFileWriter writer = BlobFileWriter.create(file)) {
            while (written < total) {
                int n = (int) Math.min(CHUNK, total - written);
                writer.write(type, chunk.duplicate().limit(n));
                written += n;
            }
            writer.finish();
        }
        throughput.record(written, System.nanoTime() - start);
        return written;
    }
}
