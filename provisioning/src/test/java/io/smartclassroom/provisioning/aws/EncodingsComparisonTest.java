package io.smartclassroom.provisioning.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartclassroom.provisioning.LocalFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

class EncodingsComparisonTest {
    @TempDir
    Path directory;

    @Test
    void localFileDigestsAreThoseOfItsBytes() throws Exception {
        Path file = directory.resolve("encodings.json");
        Files.writeString(file, "abc", StandardCharsets.UTF_8);

        LocalFile local = LocalFile.read(file);

        assertThat(local.size()).isEqualTo(3);
        assertThat(local.sha256()).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(local.md5()).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
    }

    @Test
    void comparesTheStoredSha256OrElseTheEtag() throws Exception {
        Path file = directory.resolve("encodings.json");
        Files.writeString(file, "abc", StandardCharsets.UTF_8);
        LocalFile local = LocalFile.read(file);

        assertThat(UploadedObject.isSameContent(HeadObjectResponse.builder()
                .metadata(Map.of("sha256", local.sha256())).eTag("\"whatever\"").build(), local)).isTrue();
        assertThat(UploadedObject.isSameContent(HeadObjectResponse.builder()
                .metadata(Map.of("sha256", "0".repeat(64))).eTag("\"" + local.md5() + "\"").build(), local)).isFalse();
        assertThat(UploadedObject.isSameContent(HeadObjectResponse.builder()
                .eTag("\"900150983CD24FB0D6963F7D28E17F72\"").build(), local)).isTrue();
        assertThat(UploadedObject.isSameContent(HeadObjectResponse.builder()
                .eTag("\"d41d8cd98f00b204e9800998ecf8427e\"").build(), local)).isFalse();
    }
}
