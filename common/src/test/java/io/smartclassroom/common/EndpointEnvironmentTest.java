package io.smartclassroom.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointEnvironmentTest {
    @Test
    void aServiceIsOverriddenByItsOwnVariableOrTheGlobalOne() {
        EndpointEnvironment s3Only = new EndpointEnvironment(Map.of("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9000"));
        EndpointEnvironment global = new EndpointEnvironment(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:4566"));
        EndpointEnvironment blank = new EndpointEnvironment(Map.of("AWS_ENDPOINT_URL_S3", " "));

        assertThat(s3Only.isOverridden("S3")).isTrue();
        assertThat(s3Only.isOverridden("SQS")).isFalse();
        assertThat(global.isOverridden("DYNAMODB")).isTrue();
        assertThat(blank.isOverridden("S3")).isFalse();
        assertThat(s3Only.notOverridden(List.of("S3", "SQS", "DYNAMODB")))
                .containsExactly("AWS_ENDPOINT_URL_SQS", "AWS_ENDPOINT_URL_DYNAMODB");
        assertThat(global.notOverridden(List.of("S3", "SQS", "DYNAMODB"))).isEmpty();
    }
}
