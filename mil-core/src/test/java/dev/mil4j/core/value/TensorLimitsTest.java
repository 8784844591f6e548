package dev.mil4j.core.value;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TensorLimitsTest {
    @Test
    void fitsFromZeroToTheLimit() {
        assertThat(TensorLimits.fits(0)).isTrue();
        assertThat(TensorLimits.fits(TensorLimits.MAX_ELEMENTS)).isTrue();
        assertThat(TensorLimits.fits(TensorLimits.MAX_ELEMENTS + 1)).isFalse();
        assertThat(TensorLimits.fits(-1)).isFalse();
        assertThat(TensorLimits.fits(Integer.MAX_VALUE)).isFalse();
    }
}
