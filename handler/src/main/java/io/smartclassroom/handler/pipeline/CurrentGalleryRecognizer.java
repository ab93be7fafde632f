package io.smartclassroom.handler.pipeline;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.handler.face.FaceGallery;
import io.smartclassroom.handler.recognition.InvalidVideoException;
import io.smartclassroom.handler.recognition.TimeBudget;
import io.smartclassroom.handler.recognition.VideoRecognizer;
import io.smartclassroom.handler.video.TimeRange;
import io.smartclassroom.handler.video.VideoAnalysis;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A recognizer that follows the current gallery: before each video it asks for the gallery and, when it
 * is another one than its recognizer was made with, replaces that recognizer with one made for the new
 * gallery. A video keeps the gallery it started with to the end. Like every recognizer, one thread at a
 * time (the {@link RecognizerPool} lends it to one invocation).
 */
public final class CurrentGalleryRecognizer implements VideoRecognizer {
    private static final Logger log = LoggerFactory.getLogger(CurrentGalleryRecognizer.class);

    private final Supplier<FaceGallery> galleries;
    private final Function<FaceGallery, ? extends VideoRecognizer> factory;
    private FaceGallery gallery;
    private VideoRecognizer recognizer;

    /** Makes the first recognizer now, for {@code initial}. */
    public CurrentGalleryRecognizer(FaceGallery initial, Supplier<FaceGallery> galleries, Function<FaceGallery, ? extends VideoRecognizer> factory) {
        this.galleries = requireNonNull(galleries, "galleries");
        this.factory = requireNonNull(factory, "factory");
        this.gallery = requireNonNull(initial, "initial");
        this.recognizer = requireNonNull(factory.apply(initial), "the recognizer factory returned null");
    }

    @Override
    public VideoAnalysis analyze(Path video) throws InvalidVideoException {
        return current().analyze(video);
    }

    @Override
    public VideoAnalysis analyze(Path video, TimeRange range, TimeBudget budget) throws InvalidVideoException {
        return current().analyze(video, range, budget);
    }

    private VideoRecognizer current() {
        FaceGallery current = requireNonNull(galleries.get(), "the gallery supplier returned null");
        if (current != gallery) {
            long start = System.nanoTime();
            VideoRecognizer replacement = requireNonNull(factory.apply(current), "the recognizer factory returned null");
            recognizer.close();
            recognizer = replacement;
            gallery = current;
            log.debug("recognizer remade for a gallery of {} students in {} ms", current.students().size(), (System.nanoTime() - start) / 1_000_000);
        }
        return recognizer;
    }

    @Override
    public void close() {
        recognizer.close();
    }
}
