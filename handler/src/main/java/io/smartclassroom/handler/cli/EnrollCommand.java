package io.smartclassroom.handler.cli;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.handler.face.DetectedFace;
import io.smartclassroom.handler.face.EncodingsFile;
import io.smartclassroom.handler.face.FaceEngine;
import io.smartclassroom.handler.face.FaceEnrollment;
import io.smartclassroom.handler.face.FaceModels;
import io.smartclassroom.handler.face.InvalidPhotoException;
import io.smartclassroom.handler.face.ModelLoadException;
import io.smartclassroom.handler.face.ModelSelection;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code enroll --images DIR --out FILE}: embeds each student's photos and writes the encodings file. */
@Command(
        name = "enroll",
        mixinStandardHelpOptions = true,
        description = {
            "Enrolls students from photos and writes the encodings file.",
            "DIR holds one sub-folder per student (folder name = student name, every photo in it is used) and/or photos named <student name>.jpg/.png.",
            "Each photo must show one face (or one clearly dominant face); otherwise nothing is written and every problem photo is named.",
            "Models folder: --models-dir, else $MODELS_DIR, else $ASSETS_DIR/models. Model: --model, else $RECOGNITION_MODEL, else sface when its file is present."
        })
public final class EnrollCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--images", required = true, paramLabel = "DIR", description = "Folder of student photos.")
    private Path images;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Encodings file to write (JSON).")
    private Path out;

    @Option(names = "--models-dir", paramLabel = "DIR", description = "Folder holding the model files.")
    private Path modelsDir;

    @Option(names = "--model", paramLabel = "NAME|DESCRIPTOR.json",
            description = "Recognition model: sface, faceplugin (the stand-in), or a model descriptor JSON.")
    private String model;

    private final Map<String, String> environment;

    public EnrollCommand() {
        this(System.getenv());
    }

    EnrollCommand(Map<String, String> environment) {
        this.environment = requireNonNull(environment, "environment");
    }

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        try {
            ModelSelection selection = ModelSelection.resolve(modelsDir, model, environment);
            stderr.printf("recognition model: %s (%s), models folder %s%n", selection.model(), selection.origin(), selection.modelsDir());
            FaceModels models = FaceModels.load(selection.modelsDir(), selection.model());
            stderr.println("models: " + models.description());
            FaceEnrollment.StudentPhotos photos = FaceEnrollment.findStudentPhotos(images);
            photos.skipped().forEach(skipped -> stderr.println("skipped (not a photo): " + skipped));
            FaceEnrollment.Result result;
            try (FaceEngine engine = models.newEngine()) {
                result = FaceEnrollment.enroll(engine, models.identity(), models.matchPolicy(), photos);
            }
            EncodingsFile.write(out, result.encodings());
            result.faces().forEach((student, faces) -> stdout.println(summary(student, faces)));
            result.warnings().forEach(warning -> stderr.printf("warning: %s: %s%n", warning.student(), warning.message()));
            stdout.printf("wrote %d students to %s (model %s)%n", result.encodings().students().size(), out, models.identity());
            stdout.flush();
            return 0;
        } catch (ModelLoadException | InvalidPhotoException | IllegalArgumentException | IOException e) {
            stderr.println("enroll: " + e.getMessage());
            stderr.flush();
            return 1;
        }
    }

    private static String summary(String student, List<FaceEnrollment.PhotoFace> faces) {
        StringBuilder line = new StringBuilder("enrolled %s: %d photo%s".formatted(student, faces.size(), faces.size() == 1 ? "" : "s"));
        for (FaceEnrollment.PhotoFace face : faces) {
            DetectedFace detected = face.face();
            line.append(" | %s: face %.0fx%.0f px, score %.2f%s".formatted(face.photo().getFileName(), detected.width(),
                    detected.height(), detected.score(),
                    face.facesInPhoto() > 1 ? ", largest of %d faces".formatted(face.facesInPhoto()) : ""));
        }
        return line.toString();
    }
}
