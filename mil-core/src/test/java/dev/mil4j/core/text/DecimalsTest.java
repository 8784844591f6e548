package dev.mil4j.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The literal number parser gives exactly what the JDK gives, including the cases its fast path hands over. */
class DecimalsTest {
    @Test
    void agreesWithTheJdkOnRandomNumbers() {
        Random random = new Random(11);
        for (int i = 0; i < 400_000; i++) {
            String s = switch (i % 5) {
                case 0 -> Float.toString(Float.intBitsToFloat(random.nextInt()));
                case 1 -> Double.toString(random.nextGaussian() * Math.pow(10, random.nextInt(50) - 25));
                case 2 -> (random.nextBoolean() ? "-" : "") + (random.nextLong() >>> (11 + random.nextInt(50)))
                        + (random.nextBoolean() ? "e" : "E") + (random.nextInt(60) - 30);
                case 3 -> floatMidpoint(random);
                default -> Float.toString((float) (random.nextGaussian() * 0.05));
            };
            if (s.contains("Infinity") || s.contains("NaN")) {
                continue;
            }
            assertThat(Float.floatToRawIntBits(Decimals.parseFloat(s))).as(s)
                    .isEqualTo(Float.floatToRawIntBits(Float.parseFloat(s)));
            assertThat(Double.doubleToRawLongBits(Decimals.parseDouble(s))).as(s)
                    .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(s)));
        }
    }

    @Test
    void edgeFormsAgreeWithTheJdk() {
        String[] forms = {"0", "-0", "0.0", "-0.0", "1.", "007", "0.000000000000000000000001", "1e22", "1e23",
            "123456789012345", "1234567890123456", "9007199254740993", "1e-22", "1e-23", "3.4028235e38",
            "1.4e-45", "16777217", "1.00000005960464477539062", "0e9999", "1E+5", "2.5e-0"};
        for (String s : forms) {
            assertThat(Float.floatToRawIntBits(Decimals.parseFloat(s))).as(s)
                    .isEqualTo(Float.floatToRawIntBits(Float.parseFloat(s)));
            assertThat(Double.doubleToRawLongBits(Decimals.parseDouble(s))).as(s)
                    .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(s)));
        }
        for (String bad : new String[] {"1.2.3", "1e", "1e+", "-", "1-2", "1e5.5"}) {
            assertThatThrownBy(() -> Decimals.parseFloat(bad)).as(bad).isInstanceOf(NumberFormatException.class);
            assertThatThrownBy(() -> Decimals.parseDouble(bad)).as(bad).isInstanceOf(NumberFormatException.class);
        }
    }

    /** A decimal at or near the midpoint of two adjacent floats, where rounding twice could go wrong. */
    private static String floatMidpoint(Random random) {
        float f = Float.intBitsToFloat(random.nextInt(0x7f000000));
        BigDecimal mid = new BigDecimal(f).add(new BigDecimal(Math.nextUp(f))).divide(BigDecimal.valueOf(2));
        return mid.round(new MathContext(1 + random.nextInt(20))).toString();
    }
}
