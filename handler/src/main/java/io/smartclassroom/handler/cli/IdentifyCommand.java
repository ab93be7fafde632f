package io.smartclassroom.handler.cli;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.common.CsvCells;
import io.smartclassroom.handler.face.DetectedFace;
import io.smartclassroom.handler.face.FaceEngine;
import io.smartclassroom.handler.face.FaceMatch;
import io.smartclassroom.handler.face.InvalidEncodingsException;
import io.smartclassroom.handler.face.InvalidPhotoException;
import io.smartclassroom.handler.face.ModelLoadException;
import io.smartclassroom.handler.face.ModelSelection;
import io.smartclassroom.handler.face.Photos;
import io.smartclassroom.handler.recognition.FaceRecognition;
import io.smartclassroom.handler.recognition.InvalidVideoException;
import io.smartclassroom.handler.recognition.RecognitionSettings;
import io.smartclassroom.handler.video.FfmpegVideoRecognizer;
import io.smartclassroom.handler.video.StudentSighting;
import io.smartclassroom.handler.video.VideoAnalysis;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bytedeco.opencv.opencv_core.Mat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code identify --encodings FILE PATH...}: who is in each photo or video, as CSV lines. */
@Command(
        name = "identify",
        mixinStandardHelpOptions = true,
        description = {
            "Identifies the faces in photos and videos against enrolled encodings and prints CSV lines:",
            "  photo: one 'path,name,similarity' line per face, left to right (name 'unknown' when it matches no enrolled student confidently; similarity is to the nearest student);",
            "         'path,none,' when the photo shows no face;",
            "  video: one 'path,name,similarity' line per recognised student in order of first appearance (best similarity over the examined frames),",
            "         then 'path,unknown,' if faces that match no one were seen, or 'path,none,' if no face was seen at all.",
            "Inputs that cannot be read are reported on stderr; the exit code is then 1.",
            "Models folder: --models-dir, else $MODELS_DIR, else $ASSETS_DIR/models. Model: --model, else $RECOGNITION_MODEL, else sface when its file is present."
        })
public final class IdentifyCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--encodings", required = true, paramLabel = "FILE", description = "Encodings file written by enroll.")
    private Path encodings;

    @Option(names = "--models-dir", paramLabel = "DIR", description = "Folder holding the model files.")
    private Path modelsDir;

    @Option(names = "--model", paramLabel = "NAME|DESCRIPTOR.json",
            description = "Recognition model: sface, faceplugin (the stand-in), or a model descriptor JSON. Must be the one the encodings were made with.")
    private String model;

    @Option(names = "--sample-fps", paramLabel = "FPS", defaultValue = "2", description = "Video frames examined per second (default: ${DEFAULT-VALUE}).")
    private double sampleFps;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Photos (.jpg, .png, …) and videos.")
    private List<Path> paths;

    private final Map<String, String> environment;

    public IdentifyCommand() {
        this(System.getenv());
    }

    IdentifyCommand(Map<String, String> environment) {
        this.environment = requireNonNull(environment, "environment");
    }

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        FaceRecognition recognition;
        try {
            ModelSelection selection = ModelSelection.resolve(modelsDir, model, environment);
            stderr.printf("recognition model: %s (%s), models folder %s%n", selection.model(), selection.origin(), selection.modelsDir());
            recognition = FaceRecognition.load(new RecognitionSettings(selection.modelsDir(), selection.model(), encodings, sampleFps));
            stderr.println(recognition.description());
        } catch (ModelLoadException | InvalidEncodingsException | IllegalArgumentException e) {
            stderr.println("identify: " + e.getMessage());
            stderr.flush();
            return 1;
        }
        int failures = 0;
        FaceEngine engine = null;
        FfmpegVideoRecognizer videos = null;
        try {
            for (Path path : paths) {
                try {
                    if (Photos.isPhoto(path)) {
                        if (engine == null) {
                            engine = recognition.newFaceEngine();
                        }
                        identifyPhoto(engine, recognition, path, stdout);
                    } else {
                        if (videos == null) {
                            videos = recognition.newVideoRecognizer(recognition.sampling());
                        }
                        identifyVideo(videos, path, stdout, stderr);
                    }
                } catch (InvalidPhotoException | InvalidVideoException e) {
                    failures++;
                    stderr.println("identify: " + e.getMessage());
                }
                stdout.flush();
            }
        } finally {
            if (engine != null) {
                engine.close();
            }
            if (videos != null) {
                videos.close();
            }
        }
        stderr.flush();
        return failures == 0 ? 0 : 1;
    }

    private static void identifyPhoto(FaceEngine engine, FaceRecognition recognition, Path path, PrintWriter stdout) {
        try (Mat image = Photos.read(path)) {
            List<DetectedFace> faces = engine.detectInPhoto(image).stream()
                    .sorted(Comparator.comparingDouble(DetectedFace::centerX))
                    .toList();
            if (faces.isEmpty()) {
                stdout.println(csv(path) + ",none,");
                return;
            }
            for (DetectedFace face : faces) {
                FaceMatch match = recognition.gallery().match(engine.embed(image, face));
                stdout.println(csv(path) + "," + csv(match.name()) + "," + similarity(match.similarity()));
            }
        }
    }

    private static void identifyVideo(FfmpegVideoRecognizer videos, Path path, PrintWriter stdout, PrintWriter stderr)
            throws InvalidVideoException {
        VideoAnalysis analysis = videos.analyze(path);
        for (StudentSighting student : analysis.students()) {
            stdout.println(csv(path) + "," + csv(student.name()) + "," + similarity(student.bestSimilarity()));
        }
        if (analysis.facesDetected() == 0) {
            stdout.println(csv(path) + ",none,");
        } else if (analysis.unknownFaces() > 0) {
            stdout.println(csv(path) + ",unknown,");
        }
        stderr.printf("%s: %d frames examined (%d decoded%s), %d faces, %d unknown, %d ms%s%n", path,
                analysis.framesExamined(), analysis.framesDecoded(), analysis.stoppedEarly() ? ", stopped early" : "",
                analysis.facesDetected(), analysis.unknownFaces(), analysis.elapsedMillis(),
                analysis.reason().isEmpty() ? "" : ": " + analysis.reason());
    }

    private static String similarity(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    /** The path as a CSV field, quoted when it holds a comma, quote or line break. */
    static String csv(Path path) {
        return csv(path.toString());
    }

    /**
     * A CSV field: neutralised when a spreadsheet would run it as a formula ({@link CsvCells}), quoted when it holds
     * a comma, quote or line break.
     */
    static String csv(String value) {
        String text = CsvCells.neutralise(value);
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
