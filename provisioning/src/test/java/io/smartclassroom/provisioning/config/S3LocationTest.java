package io.smartclassroom.provisioning.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class S3LocationTest {
    @Test
    void parsesBucketAndKeyWithFolders() {
        S3Location location = S3Location.parse("s3://bucket/config/encodings.json");

        assertThat(location.bucket()).isEqualTo("bucket");
        assertThat(location.key()).isEqualTo("config/encodings.json");
        assertThat(location).hasToString("s3://bucket/config/encodings.json");
    }

    @Test
    void rejectsLocationsWithoutSchemeBucketOrKey() {
        assertThatThrownBy(() -> S3Location.parse("bucket/key")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> S3Location.parse("s3://bucket")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> S3Location.parse("s3://bucket/")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> S3Location.parse("s3:///key")).isInstanceOf(IllegalArgumentException.class);
    }
}
