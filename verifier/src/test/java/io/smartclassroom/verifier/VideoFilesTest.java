package io.smartclassroom.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoFilesTest {
    @TempDir
    Path directory;

    @Test
    void listsTheVideosDirectlyInTheFolderByExtensionInAnyCase() throws Exception {
        for (String name : new String[] {"b.mp4", "a.MOV", "c.mkv", "d.avi", "e.webm", "notes.txt", "expected.csv", "noext"}) {
            Files.writeString(directory.resolve(name), name);
        }
        Files.createDirectories(directory.resolve("sub.mp4"));
        Files.writeString(directory.resolve("sub.mp4").resolve("nested.mp4"), "x");

        assertThat(VideoFiles.in(directory)).extracting(path -> path.getFileName().toString())
                .containsExactly("a.MOV", "b.mp4", "c.mkv", "d.avi", "e.webm");
        assertThat(VideoFiles.contentType(Path.of("x.MP4"))).contains("video/mp4");
        assertThat(VideoFiles.contentType(Path.of("x.mov"))).contains("video/quicktime");
        assertThat(VideoFiles.contentType(Path.of("x.csv"))).isEmpty();
    }

    @Test
    void aMissingFolderIsAnError() {
        assertThatThrownBy(() -> VideoFiles.in(directory.resolve("nope"))).hasMessageEndingWith("nope is not a directory");
    }
}
