package io.smartclassroom.handler.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class EncodingsChangesTest {
    private static final ModelIdentity MODEL = new ModelIdentity("test", "a".repeat(64), 2);
    private static final ModelIdentity OTHER = new ModelIdentity("other", "b".repeat(64), 2);

    private static EnrolledStudent student(String name, float x, float y) {
        return new EnrolledStudent(name, List.of(new float[] {x, y}), List.of(name + ".jpg"));
    }

    private static final Encodings CLASS = new Encodings(MODEL, List.of(student("ann", 1, 0), student("bob", 0, 1)));

    @Test
    void addingEnrollsNewStudentsAndReEnrollsOnesWithTheSameName() {
        Encodings added = CLASS.with(new Encodings(MODEL, List.of(student("cy", 0.6f, 0.8f), student("ann", 0.8f, 0.6f))));

        assertThat(added.studentNames()).containsExactly("bob", "cy", "ann");
        assertThat(added.students().get(2).embeddings().get(0)).containsExactly(0.8f, 0.6f);
        assertThat(CLASS.studentNames()).containsExactly("ann", "bob");
    }

    @Test
    void studentsOfAnotherModelCannotBeAdded() {
        assertThatThrownBy(() -> CLASS.with(new Encodings(OTHER, List.of(student("cy", 1, 0)))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("embedded with recognition model other");
    }

    @Test
    void removingTakesOutTheNamedStudentsAndNamesTheOnesNotEnrolled() {
        assertThat(CLASS.without(List.of("ann")).studentNames()).containsExactly("bob");
        assertThatThrownBy(() -> CLASS.without(List.of("bob", "zed")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not enrolled: [zed] (enrolled: [ann, bob])");
    }

    @Test
    void parsedContentNamesItsSourceWhenInvalid() {
        assertThatThrownBy(() -> EncodingsFile.parse("{".getBytes(), "encodings s3://b/k version \"1\""))
                .isInstanceOf(InvalidEncodingsException.class)
                .hasMessageStartingWith("encodings s3://b/k version \"1\" is not valid");
    }
}
