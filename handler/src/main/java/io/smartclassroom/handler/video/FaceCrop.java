package io.smartclassroom.handler.video;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * The evidence image of one face: a JPEG of the face with a margin around it, cut from the source-resolution
 * frame ({@link EvidenceCropper}), the similarity of its match (to the student it shows, or to the nearest one
 * for an unknown face) and when it was seen (microseconds from the video's start). The bytes are copied in and
 * out, so a crop is an immutable value.
 */
public record FaceCrop(byte[] jpeg, double similarity, long seenMicros) {
    public FaceCrop {
        requireNonNull(jpeg, "jpeg");
        if (jpeg.length == 0) {
            throw new IllegalArgumentException("an evidence crop needs JPEG bytes, got none");
        }
        if (seenMicros < 0) {
            throw new IllegalArgumentException("seenMicros must not be negative: " + seenMicros);
        }
        jpeg = jpeg.clone();
    }

    @Override
    public byte[] jpeg() {
        return jpeg.clone();
    }

    /** The better of two crops of the same student: the higher similarity, the earlier one on a tie. */
    public static FaceCrop better(FaceCrop a, FaceCrop b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        if (a.similarity != b.similarity) {
            return a.similarity > b.similarity ? a : b;
        }
        return a.seenMicros <= b.seenMicros ? a : b;
    }

    public double seenSeconds() {
        return seenMicros / 1e6;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FaceCrop crop && Arrays.equals(jpeg, crop.jpeg)
                && Double.compare(similarity, crop.similarity) == 0 && seenMicros == crop.seenMicros;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(jpeg) + Double.hashCode(similarity)) + Long.hashCode(seenMicros);
    }

    @Override
    public String toString() {
        return "FaceCrop[%d bytes, similarity %.3f, at %.2f s]".formatted(jpeg.length, similarity, seenSeconds());
    }
}
