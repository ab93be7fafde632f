package io.smartclassroom.verifier;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** The videos of a folder, by file extension. */
public final class VideoFiles {
    private static final Map<String, String> CONTENT_TYPES = Map.ofEntries(
            Map.entry("mp4", "video/mp4"),
            Map.entry("m4v", "video/x-m4v"),
            Map.entry("mov", "video/quicktime"),
            Map.entry("mkv", "video/x-matroska"),
            Map.entry("avi", "video/x-msvideo"),
            Map.entry("webm", "video/webm"),
            Map.entry("mpg", "video/mpeg"),
            Map.entry("mpeg", "video/mpeg"),
            Map.entry("wmv", "video/x-ms-wmv"),
            Map.entry("flv", "video/x-flv"),
            Map.entry("3gp", "video/3gpp"),
            Map.entry("ts", "video/mp2t"));

    private VideoFiles() {}

    /** The regular files directly in {@code directory} with a video extension (any case), sorted by name. */
    public static List<Path> in(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new IOException(directory + " is not a directory");
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> contentType(file).isPresent())
                    .sorted()
                    .toList();
        }
    }

    /** The MIME type of a video file, or empty when its extension is not a video's. */
    public static Optional<String> contentType(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        return Optional.ofNullable(CONTENT_TYPES.get(name.substring(dot + 1).toLowerCase(Locale.ROOT)));
    }
}
