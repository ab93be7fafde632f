package io.smartclassroom.handler.serve;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FunctionTargetTest {

    @Test
    void aNameAPartialArnAndAFullArnNameTheSameFunction() {
        FunctionTarget expected = new FunctionTarget("face-recognition", null);
        assertThat(FunctionTarget.parse("face-recognition", null)).isEqualTo(expected);
        assertThat(FunctionTarget.parse("123456789012:function:face-recognition", null)).isEqualTo(expected);
        assertThat(FunctionTarget.parse("arn:aws:lambda:us-east-1:123456789012:function:face-recognition", null))
                .isEqualTo(expected);
    }

    @Test
    void aQualifierComesFromTheNameOrTheQueryParameter() {
        assertThat(FunctionTarget.parse("face-recognition:$LATEST", null)).isEqualTo(new FunctionTarget("face-recognition", "$LATEST"));
        assertThat(FunctionTarget.parse("arn:aws:lambda:us-east-1:123456789012:function:f:prod", null))
                .isEqualTo(new FunctionTarget("f", "prod"));
        assertThat(FunctionTarget.parse("f", "7")).isEqualTo(new FunctionTarget("f", "7"));
    }
}
