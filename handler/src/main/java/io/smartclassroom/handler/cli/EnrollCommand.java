package io.smartclassroom.handler.cli;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.handler.face.DetectedFace;
import io.smartclassroom.handler.face.Encodings;
import io.smartclassroom.handler.face.EncodingsFile;
import io.smartclassroom.handler.face.FaceEngine;
import io.smartclassroom.handler.face.FaceEnrollment;
import io.smartclassroom.handler.face.FaceModels;
import io.smartclassroom.handler.face.InvalidEncodingsException;
import io.smartclassroom.handler.face.InvalidPhotoException;
import io.smartclassroom.handler.face.ModelLoadException;
import io.smartclassroom.handler.face.ModelSelection;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code enroll --images DIR --out FILE}: embeds each student's photos and writes the encodings file;
 * {@code enroll --add DIR --to FILE} adds (or re-enrolls) the students of DIR in an existing file;
 * {@code enroll --remove NAME --from FILE} takes students out of one.
 */
@Command(
        name = "enroll",
        mixinStandardHelpOptions = true,
        description = {
            "Enrolls students from photos and writes the encodings file.",
            "DIR holds one sub-folder per student (folder name = student name, every photo in it is used) and/or photos named <student name>.jpg/.png.",
            "Each photo must show one face (or one clearly dominant face); otherwise nothing is written and every problem photo is named.",
            "--add DIR --to FILE enrolls the students of DIR into an existing encodings file (a student already in it is re-enrolled from the new photos); the file's model must be the loaded one.",
            "--remove NAME --from FILE removes students (repeat --remove) from an encodings file; no model is needed.",
            "A face with fewer pixels between the eyes than the recognizer's aligned input (35 px for 112x112 models) enrolls with a warning naming the photo and the face size.",
            "Models folder: --models-dir, else $MODELS_DIR, else $ASSETS_DIR/models. Model: --model, else $RECOGNITION_MODEL, else sface when its file is present."
        })
public final class EnrollCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--images", paramLabel = "DIR", description = "Folder of student photos (with --out).")
    private Path images;

    @Option(names = "--out", paramLabel = "FILE", description = "Encodings file to write (JSON).")
    private Path out;

    @Option(names = "--add", paramLabel = "DIR", description = "Folder of photos of students to add (with --to).")
    private Path add;

    @Option(names = "--to", paramLabel = "FILE", description = "Existing encodings file the --add students go into (rewritten in place).")
    private Path to;

    @Option(names = "--remove", paramLabel = "NAME", description = "Student to remove (with --from); repeatable.")
    private List<String> remove;

    @Option(names = "--from", paramLabel = "FILE", description = "Existing encodings file the --remove students leave (rewritten in place).")
    private Path from;

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
        String usage = usageProblem();
        if (usage != null) {
            stderr.println("enroll: " + usage);
            stderr.flush();
            return 2;
        }
        try {
            if (remove != null) {
                Encodings before = EncodingsFile.read(from);
                Encodings after = before.without(remove);
                EncodingsFile.write(from, after);
                stdout.printf("removed %s from %s: %d students left (model %s)%n", String.join(", ", new LinkedHashSet<>(remove)), from,
                        after.students().size(), after.model());
                stdout.flush();
                return 0;
            }
            ModelSelection selection = ModelSelection.resolve(modelsDir, model, environment);
            stderr.printf("recognition model: %s (%s), models folder %s%n", selection.model(), selection.origin(), selection.modelsDir());
            FaceModels models = FaceModels.load(selection.modelsDir(), selection.model());
            stderr.println("models: " + models.description());
            Encodings existing = add == null ? null : EncodingsFile.readFor(to, models.identity());
            FaceEnrollment.StudentPhotos photos = FaceEnrollment.findStudentPhotos(add == null ? images : add);
            photos.skipped().forEach(skipped -> stderr.println("skipped (not a photo): " + skipped));
            FaceEnrollment.Result result;
            try (FaceEngine engine = models.newEngine()) {
                result = FaceEnrollment.enroll(engine, models.identity(), models.matchPolicy(), photos);
            }
            Encodings written = existing == null ? result.encodings() : existing.with(result.encodings());
            Path target = add == null ? out : to;
            EncodingsFile.write(target, written);
            result.faces().forEach((student, faces) -> stdout.println(
                    (existing != null && existing.enrolls(student) ? "re-" : "") + summary(student, faces)));
            result.warnings().forEach(warning -> stderr.printf("warning: %s: %s%n", warning.student(), warning.message()));
            stdout.printf("wrote %d students to %s (model %s)%n", written.students().size(), target, models.identity());
            stdout.flush();
            return 0;
        } catch (ModelLoadException | InvalidPhotoException | InvalidEncodingsException | IllegalArgumentException | IOException e) {
            stderr.println("enroll: " + e.getMessage());
            stderr.flush();
            return 1;
        }
    }

    /** Exactly one of --images/--out, --add/--to, --remove/--from, each pair complete. */
    private String usageProblem() {
        int modes = (images != null || out != null ? 1 : 0) + (add != null || to != null ? 1 : 0) + (remove != null || from != null ? 1 : 0);
        if (modes != 1) {
            return "use one of --images DIR --out FILE, --add DIR --to FILE, --remove NAME --from FILE";
        }
        if ((images == null) != (out == null)) {
            return "--images DIR and --out FILE go together";
        }
        if ((add == null) != (to == null)) {
            return "--add DIR and --to FILE go together";
        }
        if ((remove == null) != (from == null)) {
            return "--remove NAME and --from FILE go together";
        }
        return null;
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
