package io.smartclassroom.handler.video;

/**
 * The work one analysis did, stage by stage: frames the decoder returned to the sampler
 * ({@code framesDecoded}; frames FFmpeg decodes inside a seek to reach the sampled time are not
 * returned and not counted, {@code seeks} counts those seeks), frames examined, faces detected, faces
 * embedded, face tracks formed (0 when the frames were not tracked), and milliseconds spent decoding
 * (including seeks and colour conversion), detecting, embedding, and in all.
 */
public record AnalysisStats(
        int framesDecoded,
        int seeks,
        int framesExamined,
        int detections,
        int embeddings,
        int tracks,
        long decodeMillis,
        long detectMillis,
        long embedMillis,
        long elapsedMillis) {
    public static final AnalysisStats NONE = new AnalysisStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** The sum of two analyses' work (segments analysed one after the other or in parallel). */
    public AnalysisStats plus(AnalysisStats other) {
        return new AnalysisStats(framesDecoded + other.framesDecoded, seeks + other.seeks,
                framesExamined + other.framesExamined, detections + other.detections, embeddings + other.embeddings,
                tracks + other.tracks, decodeMillis + other.decodeMillis, detectMillis + other.detectMillis,
                embedMillis + other.embedMillis, elapsedMillis + other.elapsedMillis);
    }

    /** One log fragment: {@code decoded=… seeks=… examined=… detections=… embeddings=… tracks=… decode_ms=… …}. */
    public String describe() {
        return "decoded=%d seeks=%d examined=%d detections=%d embeddings=%d tracks=%d decode_ms=%d detect_ms=%d embed_ms=%d total_ms=%d"
                .formatted(framesDecoded, seeks, framesExamined, detections, embeddings, tracks, decodeMillis,
                        detectMillis, embedMillis, elapsedMillis);
    }
}
