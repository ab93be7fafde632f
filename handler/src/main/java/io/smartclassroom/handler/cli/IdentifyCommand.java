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
import com.fasterxml.jackson.annotation.JsonInclude;
import io.smartclassroom.common.cli.ExitCodes;
import io.smartclassroom.common.cli.OutputOption;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bytedeco.opencv.opencv_core.Mat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
            "With --output json: one JSON document on stdout instead: the model, and per input its faces (photo) or students (video).",
            "Inputs that cannot be read are reported on stderr; the exit code is then 1. Exit code 2: could not run"
                    + " (usage, missing or wrong model or encodings file).",
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

    @Mixin
    private OutputOption output;

    /** {@code identify --output json}: the model, and what was found in each input, in the order given. */
    record IdentifyJson(String model, List<InputJson> inputs, int failures) {}

    /**
     * One input: a photo's faces left to right ({@code unknown} when nobody matches), or a video's students in order of
     * first appearance with its counts; {@code error} when it could not be read. Fields that do not apply are left out.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record InputJson(String path, String kind, List<NameJson> faces, List<NameJson> students, Integer framesExamined,
            Integer facesDetected, Integer unknownFaces, String reason, String error) {}

    /** A name and its similarity (a face's to the nearest student; a student's best over the frames). */
    record NameJson(String name, double similarity) {}

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
            return ExitCodes.CANNOT_RUN;
        }
        int failures = 0;
        List<InputJson> found = new ArrayList<>();
        FaceEngine engine = null;
        FfmpegVideoRecognizer videos = null;
        try {
            for (Path path : paths) {
                try {
                    if (Photos.isPhoto(path)) {
                        if (engine == null) {
                            engine = recognition.newFaceEngine();
                        }
                        found.add(identifyPhoto(engine, recognition, path));
                    } else {
                        if (videos == null) {
                            videos = recognition.newVideoRecognizer(recognition.sampling());
                        }
                        found.add(identifyVideo(videos, path, stderr));
                    }
                    if (!output.json()) {
                        print(found.get(found.size() - 1), stdout);
                    }
                } catch (InvalidPhotoException | InvalidVideoException e) {
                    failures++;
                    stderr.println("identify: " + e.getMessage());
                    found.add(new InputJson(path.toString(), Photos.isPhoto(path) ? "photo" : "video", null, null, null,
                            null, null, null, e.getMessage()));
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
        if (output.json()) {
            OutputOption.printJson(stdout, new IdentifyJson(recognition.models().identity().name(), found, failures));
        }
        return failures == 0 ? 0 : ExitCodes.CHECKED_WRONG;
    }

    /** The CSV lines of one input (see the command's description). */
    private static void print(InputJson input, PrintWriter stdout) {
        String path = csv(Path.of(input.path()));
        if (input.kind().equals("photo")) {
            if (input.faces().isEmpty()) {
                stdout.println(path + ",none,");
            }
            input.faces().forEach(face -> stdout.println(path + "," + csv(face.name()) + "," + similarity(face.similarity())));
            return;
        }
        input.students().forEach(student -> stdout.println(path + "," + csv(student.name()) + "," + similarity(student.similarity())));
        if (input.facesDetected() == 0) {
            stdout.println(path + ",none,");
        } else if (input.unknownFaces() > 0) {
            stdout.println(path + ",unknown,");
        }
    }

    private static InputJson identifyPhoto(FaceEngine engine, FaceRecognition recognition, Path path) {
        try (Mat image = Photos.read(path)) {
            List<DetectedFace> faces = engine.detectInPhoto(image).stream()
                    .sorted(Comparator.comparingDouble(DetectedFace::centerX))
                    .toList();
            List<NameJson> names = new ArrayList<>();
            for (DetectedFace face : faces) {
                FaceMatch match = recognition.gallery().match(engine.embed(image, face));
                names.add(new NameJson(match.name(), rounded(match.similarity())));
            }
            return new InputJson(path.toString(), "photo", names, null, null, null, null, null, null);
        }
    }

    private static InputJson identifyVideo(FfmpegVideoRecognizer videos, Path path, PrintWriter stderr)
            throws InvalidVideoException {
        VideoAnalysis analysis = videos.analyze(path);
        List<NameJson> students = new ArrayList<>();
        for (StudentSighting student : analysis.students()) {
            students.add(new NameJson(student.name(), rounded(student.bestSimilarity())));
        }
        stderr.printf("%s: %d frames examined (%d decoded%s), %d faces, %d unknown, %d ms%s%n", path,
                analysis.framesExamined(), analysis.framesDecoded(), analysis.stoppedEarly() ? ", stopped early" : "",
                analysis.facesDetected(), analysis.unknownFaces(), analysis.elapsedMillis(),
                analysis.reason().isEmpty() ? "" : ": " + analysis.reason());
        return new InputJson(path.toString(), "video", null, students, analysis.framesExamined(), analysis.facesDetected(),
                analysis.unknownFaces(), analysis.reason().isEmpty() ? null : analysis.reason(), null);
    }

    /** Three decimals, as the CSV lines print them. */
    private static double rounded(double value) {
        return Math.round(value * 1000) / 1000.0;
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
