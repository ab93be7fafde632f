package io.smartclassroom.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LocalFilesTest {
    private final Path dir = Path.of("/tmp/results");

    @Test
    void aKeyIsItsPathUnderTheFolder() {
        assertThat(LocalFiles.resolve(dir, "evidence/r1/a b/al ice.jpg")).isEqualTo(Path.of("/tmp/results/evidence/r1/a b/al ice.jpg"));
        assertThat(LocalFiles.resolve(dir, "test_0.csv")).isEqualTo(Path.of("/tmp/results/test_0.csv"));
    }

    @Test
    void aKeyThatCouldLeaveTheFolderIsRefusedAndNamed() {
        for (String key : new String[] {"../x.csv", "a/../../x.csv", "a/./b.csv", "/etc/passwd", "a//b.csv", "a/", "", "a\\..\\b", "a\u0000b"}) {
            assertThat(LocalFiles.isSafe(key)).as(key).isFalse();
            assertThatThrownBy(() -> LocalFiles.resolve(dir, key)).as(key).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("object key '");
        }
        assertThat(LocalFiles.isSafe("a/..b/c..d.jpg")).isTrue();
    }

    @Test
    void theUrlEncodesEverySegmentSoThePageFindsTheFile() {
        assertThat(LocalFiles.relativeUrl("evidence/r1/lec<b>\"x\"&'/\"onerror=\"alert(2).jpg"))
                .isEqualTo("evidence/r1/lec%3Cb%3E%22x%22%26%27/%22onerror%3D%22alert%282%29.jpg");
        assertThat(LocalFiles.relativeUrl("evidence/a b/é#?.jpg")).isEqualTo("evidence/a%20b/%C3%A9%23%3F.jpg");
        Path file = LocalFiles.resolve(dir, "evidence/a b/é#?.jpg");
        // as the page DIR/index.html resolves it
        assertThat(Path.of(dir.resolve("index.html").toUri().resolve(LocalFiles.relativeUrl("evidence/a b/é#?.jpg")))).isEqualTo(file);
    }
}
