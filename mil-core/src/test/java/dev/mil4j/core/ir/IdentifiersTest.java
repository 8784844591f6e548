package dev.mil4j.core.ir;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdentifiersTest {
    @Test
    void validNamesAreKept() {
        assertThat(Identifiers.isValid("_x1")).isTrue();
        assertThat(Identifiers.isValid("conv2d_Relu")).isTrue();
        assertThat(Identifiers.sanitize("conv2d_Relu")).isEqualTo("conv2d_Relu");
    }

    @Test
    void otherCharactersBecomeUnderscores() {
        assertThat(Identifiers.sanitize("model/dense:0")).isEqualTo("model_dense_0");
        assertThat(Identifiers.sanitize("x.1")).isEqualTo("x_1");
        assertThat(Identifiers.isValid("x.1")).isFalse();
    }

    @Test
    void aLeadingDigitOrAnEmptyNameGetsAnUnderscore() {
        assertThat(Identifiers.sanitize("3d")).isEqualTo("_3d");
        assertThat(Identifiers.sanitize("")).isEqualTo("_");
        assertThat(Identifiers.isValid("")).isFalse();
        assertThat(Identifiers.isValid("3d")).isFalse();
    }

    @Test
    void nonAsciiLettersAreNotIdentifierCharacters() {
        assertThat(Identifiers.isValid("größe")).isFalse();
        assertThat(Identifiers.sanitize("größe")).isEqualTo("gr__e");
        assertThat(Identifiers.sanitize("x\u0000y")).isEqualTo("x_y");
    }
}
