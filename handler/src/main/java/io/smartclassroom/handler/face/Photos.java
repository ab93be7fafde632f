package io.smartclassroom.handler.face;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/** Reading photos: any size, EXIF orientation applied, as 8-bit BGR. */
public final class Photos {
    public static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "webp", "tif", "tiff");

    private Photos() {}

    public static boolean isPhoto(Path path) {
        return EXTENSIONS.contains(extension(path));
    }

    public static String extension(Path path) {
        String name = path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    public static String baseName(Path path) {
        String name = path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? name : name.substring(0, dot);
    }

    /**
     * Reads {@code path} as BGR, turned upright per its EXIF orientation; close the returned Mat.
     *
     * @throws InvalidPhotoException when the file is missing or not a decodable image
     */
    public static Mat read(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new InvalidPhotoException(path + " does not exist or is not a file");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new InvalidPhotoException("cannot read " + path + ": " + e);
        }
        // Decoding from memory: no file-name encoding issues (student names are not always ASCII).
        Mat image;
        try (BytePointer data = new BytePointer(bytes); Mat encoded = new Mat(data, false)) {
            image = imdecode(encoded, IMREAD_COLOR);
        }
        if (image == null || image.empty()) {
            if (image != null) {
                image.close();
            }
            throw new InvalidPhotoException(path + " is not a readable image");
        }
        return image;
    }
}
