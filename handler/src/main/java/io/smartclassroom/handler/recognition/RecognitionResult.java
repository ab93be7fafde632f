package io.smartclassroom.handler.recognition;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Who is in one video: the recognised students' names in order of first appearance, and what was
 * examined to decide it. {@code reason} says why {@code students} is empty (e.g. "no face found in 5
 * frames", "2 faces found, none matched an enrolled student") and is empty otherwise.
 */
public record RecognitionResult(
        List<String> students, int framesExamined, int facesDetected, int unknownFaces, String reason) {
    public RecognitionResult {
        students = List.copyOf(requireNonNull(students, "students"));
        requireNonNull(reason, "reason");
    }
}
