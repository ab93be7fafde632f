package io.smartclassroom.handler.face;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * The enrolled students' embeddings, ready for matching. Immutable and thread-safe.
 *
 * <p>A face is compared with every embedding; a student's similarity is the best over their embeddings.
 * The face is that student only when the similarity reaches the policy's cosine threshold and beats
 * the next student's by the policy's margin; otherwise it is unknown.
 */
public final class FaceGallery {
    private final ModelIdentity model;
    private final MatchPolicy policy;
    private final List<String> students;
    private final float[][] embeddings;
    private final int[] owners;

    private FaceGallery(ModelIdentity model, MatchPolicy policy, List<String> students, float[][] embeddings, int[] owners) {
        this.model = model;
        this.policy = policy;
        this.students = students;
        this.embeddings = embeddings;
        this.owners = owners;
    }

    public static FaceGallery of(Encodings encodings, MatchPolicy policy) {
        requireNonNull(encodings, "encodings");
        requireNonNull(policy, "policy");
        List<String> students = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        List<Integer> owners = new ArrayList<>();
        for (EnrolledStudent student : encodings.students()) {
            students.add(student.name());
            for (float[] embedding : student.embeddings()) {
                vectors.add(embedding);
                owners.add(students.size() - 1);
            }
        }
        return new FaceGallery(encodings.model(), policy, List.copyOf(students),
                vectors.toArray(float[][]::new), owners.stream().mapToInt(Integer::intValue).toArray());
    }

    /** How {@code embedding} (L2-normalised, from this gallery's model) compares with the enrolled students. */
    public FaceMatch match(float[] embedding) {
        if (embedding.length != model.dim()) {
            throw new IllegalArgumentException("a %d-d embedding cannot be matched against %d-d encodings"
                    .formatted(embedding.length, model.dim()));
        }
        if (students.isEmpty()) {
            return new FaceMatch(false, FaceMatch.UNKNOWN, -1, -1);
        }
        double[] best = new double[students.size()];
        java.util.Arrays.fill(best, -1);
        for (int i = 0; i < embeddings.length; i++) {
            double similarity = Embeddings.cosine(embedding, embeddings[i]);
            if (similarity > best[owners[i]]) {
                best[owners[i]] = similarity;
            }
        }
        int top = 0;
        for (int s = 1; s < best.length; s++) {
            if (best[s] > best[top]) {
                top = s;
            }
        }
        double runnerUp = -1;
        for (int s = 0; s < best.length; s++) {
            if (s != top && best[s] > runnerUp) {
                runnerUp = best[s];
            }
        }
        boolean recognised = best[top] >= policy.cosineThreshold() && best[top] - runnerUp >= policy.marginThreshold();
        return new FaceMatch(recognised, students.get(top), best[top], runnerUp);
    }

    public List<String> students() {
        return students;
    }

    public int embeddingCount() {
        return embeddings.length;
    }

    public ModelIdentity model() {
        return model;
    }

    public MatchPolicy policy() {
        return policy;
    }
}
