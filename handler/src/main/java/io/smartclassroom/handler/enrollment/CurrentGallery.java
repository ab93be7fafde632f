package io.smartclassroom.handler.enrollment;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.handler.face.Encodings;
import io.smartclassroom.handler.face.EncodingsFile;
import io.smartclassroom.handler.face.FaceGallery;
import io.smartclassroom.handler.face.InvalidEncodingsException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The enrolled students a warm function matches faces against, kept current with the encodings
 * object: {@link #get()} checks the {@link EncodingsSource} at most once per refresh interval (zero:
 * every call) and, when the encodings changed, switches to a gallery of the new ones, logging the
 * change. New encodings must pass the same checks as at startup (same recognition model, at least one
 * student); a refresh that fails in any way keeps the gallery the function has and logs a warning — a
 * video never fails because a refresh did. Only one thread checks at a time; the others go on with the
 * gallery there is. Thread-safe.
 */
public final class CurrentGallery implements Supplier<FaceGallery> {
    private static final Logger log = LoggerFactory.getLogger(CurrentGallery.class);

    private record State(FaceGallery gallery, String version, long checkedAtNanos) {}

    private final EncodingsSource source;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final ReentrantLock checking = new ReentrantLock();
    private volatile State state;

    /**
     * @param initial the gallery the function started with
     * @param initialVersion the version of the encodings {@code initial} was made from (ETag, file time and size)
     * @param nanoClock {@link System#nanoTime()}, or a test's clock
     */
    public CurrentGallery(EncodingsSource source, FaceGallery initial, String initialVersion, Duration interval, LongSupplier nanoClock) {
        this.source = requireNonNull(source, "source");
        requireNonNull(initial, "initial");
        requireNonNull(interval, "interval");
        if (interval.isNegative()) {
            throw new IllegalArgumentException("the refresh interval must not be negative: " + interval);
        }
        this.intervalNanos = interval.toNanos();
        this.nanoClock = requireNonNull(nanoClock, "nanoClock");
        this.state = new State(initial, initialVersion, nanoClock.getAsLong());
    }

    /** The gallery for the next video: after checking the encodings when the interval has passed. */
    @Override
    public FaceGallery get() {
        State current = state;
        if (due(current) && checking.tryLock()) {
            try {
                current = state;
                if (due(current)) {
                    state = refreshed(current);
                }
            } finally {
                checking.unlock();
            }
        }
        return state.gallery();
    }

    /** The gallery there is now, without checking the encodings. */
    public FaceGallery current() {
        return state.gallery();
    }

    /** The version of the encodings the current gallery was made from. */
    public String version() {
        return state.version();
    }

    private boolean due(State current) {
        return intervalNanos == 0 || nanoClock.getAsLong() - current.checkedAtNanos() >= intervalNanos;
    }

    private State refreshed(State current) {
        long now = nanoClock.getAsLong();
        FaceGallery old = current.gallery();
        try {
            Optional<EncodingsSource.Content> changed = source.fetchIfChanged(current.version());
            if (changed.isEmpty() || changed.get().version().equals(current.version())) {
                log.debug("encodings {} unchanged (version {})", source.location(), current.version());
                return new State(old, current.version(), now);
            }
            String version = changed.get().version();
            String what = "encodings " + source.location() + " version " + version;
            Encodings encodings = EncodingsFile.parseFor(changed.get().json(), what, old.model());
            if (encodings.students().isEmpty()) {
                throw new InvalidEncodingsException(what + " enrolls no student");
            }
            FaceGallery gallery = FaceGallery.of(encodings, old.policy());
            List<String> added = minus(gallery.students(), old.students());
            List<String> removed = minus(old.students(), gallery.students());
            log.info("encodings {} changed: version {} -> {}; {} students, {} added {}, {} removed {}; the next videos use them",
                    source.location(), current.version(), version, gallery.students().size(), added.size(), added,
                    removed.size(), removed);
            return new State(gallery, version, now);
        } catch (RuntimeException e) {
            log.warn("encodings refresh from {} failed, keeping the {} students of version {}: {}",
                    source.location(), old.students().size(), current.version(), e.toString());
            return new State(old, current.version(), now);
        }
    }

    private static List<String> minus(List<String> names, List<String> others) {
        Set<String> result = new LinkedHashSet<>(names);
        others.forEach(result::remove);
        return List.copyOf(result);
    }
}
