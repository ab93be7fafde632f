package io.smartclassroom.handler.enrollment;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** A local encodings file, re-read when its modification time or size changed. */
public final class FileEncodingsSource implements EncodingsSource {
    private final Path file;

    public FileEncodingsSource(Path file) {
        this.file = requireNonNull(file, "file");
    }

    /** The file's version now: its modification time (ms) and size. */
    public String currentVersion() {
        try {
            return Files.getLastModifiedTime(file).toMillis() + "ms/" + Files.size(file) + "B";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the modification time of encodings file " + file, e);
        }
    }

    @Override
    public Optional<Content> fetchIfChanged(String version) {
        String now = currentVersion();
        if (now.equals(version)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Content(Files.readAllBytes(file), now));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read encodings file " + file, e);
        }
    }

    @Override
    public String location() {
        return file.toString();
    }
}
