package io.smartclassroom.handler.video;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.handler.recognition.RecognitionResult;
import java.util.List;

/**
 * Everything decided about one video: the recognised students in order of first appearance, what was
 * examined, and why nobody was recognised when that is the case ({@code reason}, empty otherwise).
 * {@code facesDetected} and {@code unknownFaces} count face detections over all examined frames (one
 * person seen in 4 frames counts 4); {@code maxUnknownFacesInFrame} is a lower bound on the number of
 * distinct unknown people; {@code elapsedMillis} is the wall time the analysis took.
 */
public record VideoAnalysis(
        List<StudentSighting> students,
        int framesExamined,
        int framesDecoded,
        int facesDetected,
        int unknownFaces,
        int maxUnknownFacesInFrame,
        boolean stoppedEarly,
        long elapsedMillis,
        String reason) {
    public VideoAnalysis {
        students = List.copyOf(requireNonNull(students, "students"));
        requireNonNull(reason, "reason");
    }

    public List<String> studentNames() {
        return students.stream().map(StudentSighting::name).toList();
    }

    public RecognitionResult toResult() {
        return new RecognitionResult(studentNames(), framesExamined, facesDetected, unknownFaces, reason);
    }
}
