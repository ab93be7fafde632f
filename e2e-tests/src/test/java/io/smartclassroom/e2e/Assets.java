package io.smartclassroom.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared test assets (course clips, enrollment photos, models), found through ASSETS_DIR. */
record Assets(Path root) {

    /** The assets, or the calling test is skipped with a message saying what is missing. */
    static Assets required() {
        String dir = System.getenv("ASSETS_DIR");
        assumeTrue(dir != null && !dir.isBlank(), "ASSETS_DIR is not set: the end-to-end tests need the course clips");
        Assets assets = new Assets(Path.of(dir));
        for (Path needed : new Path[] {assets.clips().resolve("expected.csv"), assets.enrollPhotos(),
                assets.models().resolve("face_detection_yunet_2023mar.onnx")}) {
            assumeTrue(Files.exists(needed), "test asset " + needed + " is absent (see scripts/fetch-assets.sh)");
        }
        return assets;
    }

    Path clips() {
        return root.resolve("course/test_case_1");
    }

    Path expectedCsv() {
        return clips().resolve("expected.csv");
    }

    Path enrollPhotos() {
        return root.resolve("course/enroll");
    }

    Path models() {
        return root.resolve("models");
    }

    /** SFace when its file is here, else the stand-in the assets README describes. */
    String recognitionModel() {
        return Files.exists(models().resolve("face_recognition_sface_2021dec.onnx")) ? "sface" : "faceplugin";
    }
}
