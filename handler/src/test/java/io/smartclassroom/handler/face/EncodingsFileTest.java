package io.smartclassroom.handler.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncodingsFileTest {
    private static final ModelIdentity MODEL = new ModelIdentity("faceplugin", "87".repeat(32), 4);

    @TempDir
    Path temp;

    private static Encodings twoStudents() {
        return new Encodings(MODEL, List.of(
                new EnrolledStudent("mr_bean", List.of(Embeddings.normalize(new float[] {1, 2, 3, 4})), List.of("mr_bean.jpg")),
                new EnrolledStudent("floki", List.of(Embeddings.normalize(new float[] {4, 3, 2, 1}),
                        Embeddings.normalize(new float[] {1, 0, 0, 1})), List.of("a.jpg", "b.png"))));
    }

    @Test
    void roundTripsModelStudentsAndEmbeddings() throws Exception {
        Path file = temp.resolve("sub/encodings.json");
        EncodingsFile.write(file, twoStudents());
        Encodings read = EncodingsFile.readFor(file, MODEL);
        assertThat(read.model()).isEqualTo(MODEL);
        assertThat(read.studentNames()).containsExactly("mr_bean", "floki");
        assertThat(read.students().get(1).embeddings()).hasSize(2);
        assertThat(read.students().get(1).sources()).containsExactly("a.jpg", "b.png");
        assertThat(read.students().get(0).embeddings().get(0))
                .containsExactly(twoStudents().students().get(0).embeddings().get(0), within(1e-6f));
        assertThat(Files.readString(file)).contains("\"format\":\"smart-classroom-face-encodings\"", "\"sha256\":\"" + "87".repeat(32));
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void encodingsOfAnotherModelAreRefused() throws Exception {
        Path file = temp.resolve("encodings.json");
        EncodingsFile.write(file, twoStudents());
        ModelIdentity sface = new ModelIdentity("sface", "0ba9fbfa01b5270c96627c4ef784da859931e02f04419c829e83484087c34e79", 128);
        assertThatThrownBy(() -> EncodingsFile.readFor(file, sface))
                .isInstanceOf(InvalidEncodingsException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("made with recognition model faceplugin")
                .hasMessageContaining("the loaded model is sface")
                .hasMessageContaining("not comparable");
    }

    @Test
    void sameNameButAnotherFileIsAnotherModel() throws Exception {
        Path file = temp.resolve("encodings.json");
        EncodingsFile.write(file, twoStudents());
        assertThatThrownBy(() -> EncodingsFile.readFor(file, new ModelIdentity("faceplugin", "88".repeat(32), 4)))
                .isInstanceOf(InvalidEncodingsException.class);
    }

    @Test
    void missingMalformedAndInconsistentFilesAreRefused() throws Exception {
        assertThatThrownBy(() -> EncodingsFile.read(temp.resolve("none.json")))
                .isInstanceOf(InvalidEncodingsException.class)
                .hasMessageContaining("does not exist")
                .hasMessageContaining("enroll");
        Path garbage = temp.resolve("garbage.json");
        Files.writeString(garbage, "{not json");
        assertThatThrownBy(() -> EncodingsFile.read(garbage)).isInstanceOf(InvalidEncodingsException.class)
                .hasMessageContaining(garbage.toString());
        Path wrongDim = temp.resolve("wrong-dim.json");
        Files.writeString(wrongDim, """
                {"format": "smart-classroom-face-encodings", "version": 1,
                 "model": {"name": "m", "sha256": "%s", "dim": 3},
                 "students": [{"name": "x", "embeddings": [[1, 0]]}]}
                """.formatted("ab".repeat(32)));
        assertThatThrownBy(() -> EncodingsFile.read(wrongDim)).isInstanceOf(InvalidEncodingsException.class)
                .hasMessageContaining("2-d embedding");
    }
}
