package io.smartclassroom.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.smartclassroom.localcloud.LocalCloud;
import io.smartclassroom.localcloud.LocalCloudOptions;
import io.smartclassroom.localcloud.Service;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The report as a browser shows it: generated from a local-cloud bucket, opened from {@code file://} in headless
 * Chromium, inspected over the DevTools protocol (rendered texts, present/absent, every image loaded, the timeline
 * bars' rendered widths, no script and no event handler from data) and saved as {@code target/report.png} (the
 * window) and {@code target/report-full.png} (the whole page).
 * Skipped where no Chromium is installed.
 */
class ReportBrowserTest {
    private static final String PAGE_STATE = """
            (() => {
              const rows = s => [...s.querySelectorAll('table.students tbody tr')].map(r => {
                const bar = r.querySelector('.bar span');
                const whole = bar ? bar.parentElement.getBoundingClientRect() : null;
                const part = bar ? bar.getBoundingClientRect() : null;
                return {student: r.dataset.student, name: r.cells[0].firstChild.textContent,
                        status: r.querySelector('td.status').firstChild.textContent,
                        barLeft: bar ? (part.left - whole.left) / whole.width : null,
                        barWidth: bar ? part.width / whole.width : null};
              });
              return {
                scripts: document.scripts.length,
                handlers: [...document.querySelectorAll('*')].flatMap(e => [...e.attributes].map(a => a.name))
                    .filter(n => n.startsWith('on')),
                bold: document.querySelectorAll('b').length,
                images: [...document.images].map(i => ({src: i.getAttribute('src'), loaded: i.complete && i.naturalWidth > 0,
                    naturalWidth: i.naturalWidth})),
                matrix: [...document.querySelectorAll('#summary tbody tr')].map(r => ({student: r.dataset.student,
                    name: r.querySelector('th').firstChild.textContent,
                    cells: [...r.querySelectorAll('td')].slice(0, -1).map(c => c.className)})),
                videos: [...document.querySelectorAll('section.video')].map(s => ({video: s.dataset.video,
                    heading: s.querySelector('h2').textContent, unknown: s.querySelector('.unknown-faces').textContent,
                    reason: s.querySelector('.reason') ? s.querySelector('.reason').textContent : '', rows: rows(s)}))
              };
            })()""";

    @TempDir
    Path profile;

    @Test
    void theReportRendersFromFileWithEveryImageAndNothingExecutable() throws IOException {
        Optional<Path> chromium = HeadlessChromium.find();
        assumeTrue(chromium.isPresent(), "no Chromium on the PATH (or in $CHROMIUM): install Debian's chromium"
                + " (apt-get install chromium) to run the report's browser test");
        Path out = Path.of("target", "browser-report").toAbsolutePath();
        deleteRecursively(out);
        try (LocalCloud cloud = LocalCloud.start(LocalCloudOptions.defaults().only(Service.S3, Service.DYNAMODB)
                .withNotifications(List.of()));
                S3Client s3 = ReportLocalCloudTest.s3Client(cloud);
                DynamoDbClient dynamoDb = ReportLocalCloudTest.dynamoDbClient(cloud)) {
            ReportScenario.populate(s3, dynamoDb, "browser-out", "browser-students");
            ReportLocalCloudTest.Run run = ReportLocalCloudTest.run(cloud, "report", "--out", out.toString(),
                    "--bucket", "browser-out", "--table", "browser-students");
            assertThat(run.exitCode()).as(run.err()).isZero();
        }

        JsonNode page;
        Path screenshot = Path.of("target", "report.png").toAbsolutePath();
        Path fullPage = Path.of("target", "report-full.png").toAbsolutePath();
        try (HeadlessChromium browser = HeadlessChromium.open(chromium.get(), out.resolve("index.html").toUri(), 1400, 1000, profile)) {
            browser.awaitLoaded();
            page = browser.evaluate(PAGE_STATE);
            browser.screenshot(screenshot);
            browser.screenshotFullPage(fullPage);
        }

        assertThat(page.get("scripts").asInt()).isZero();
        assertThat(page.get("handlers")).isEmpty();
        assertThat(page.get("bold").asInt()).isZero();
        assertThat(page.get("images")).hasSize(3).allSatisfy(image -> {
            assertThat(image.get("loaded").asBoolean()).as("image %s loaded", image.get("src")).isTrue();
            assertThat(image.get("naturalWidth").asInt()).isPositive();
        });

        // the matrix: every student of the roster, then present/absent per video (sorted by key)
        List<String> videos = texts(page.get("videos"), "video");
        assertThat(videos).containsExactly("broken", "gone.mp4", "lecture1.mp4", "old_clip", ReportScenario.MARKUP_VIDEO);
        assertThat(texts(page.get("matrix"), "name")).containsExactly("mr_bean", "president_biden", "president_trump",
                ReportScenario.SCRIPT_NAME, ReportScenario.ONERROR_NAME);
        assertThat(cells(page, "mr_bean")).containsExactly("present", "absent", "present", "absent", "absent");
        assertThat(cells(page, "president_trump")).containsExactly("absent", "present", "absent", "present", "present");
        assertThat(cells(page, ReportScenario.SCRIPT_NAME)).containsOnly("absent").hasSize(5);

        JsonNode lecture = video(page, "lecture1.mp4");
        assertThat(lecture.get("unknown").asText()).isEqualTo("2");
        JsonNode bean = row(lecture, "mr_bean");
        assertThat(bean.get("status").asText()).isEqualTo("present");
        // seen from 1 s to 3 s of a 4 s video: the bar starts at a quarter and covers half
        assertThat(bean.get("barLeft").asDouble()).isCloseTo(0.25, within(0.02));
        assertThat(bean.get("barWidth").asDouble()).isCloseTo(0.50, within(0.02));
        assertThat(row(lecture, "president_biden").get("barWidth").asDouble()).isCloseTo(0.25, within(0.02));
        assertThat(row(lecture, "president_trump").get("status").asText()).isEqualTo("absent");

        JsonNode markup = video(page, ReportScenario.MARKUP_VIDEO);
        assertThat(markup.get("heading").asText()).isEqualTo(ReportScenario.MARKUP_VIDEO);
        assertThat(markup.get("reason").asText()).isEqualTo("Reason: " + ReportScenario.MARKUP_REASON);
        assertThat(row(markup, ReportScenario.ONERROR_NAME).get("name").asText()).isEqualTo(ReportScenario.ONERROR_NAME);
        assertThat(row(markup, ReportScenario.ONERROR_NAME).get("status").asText()).isEqualTo("present");
        assertThat(video(page, "old_clip").get("unknown").asText()).isEqualTo("not recorded");

        BufferedImage png = ImageIO.read(screenshot.toFile());
        assertThat(png).as("screenshot %s", screenshot).isNotNull();
        assertThat(png.getWidth()).isEqualTo(1400);
        assertThat(png.getHeight()).isEqualTo(1000);
        // five videos' tables do not fit in one window: the whole page is longer, as wide
        BufferedImage whole = ImageIO.read(fullPage.toFile());
        assertThat(whole).as("screenshot %s", fullPage).isNotNull();
        assertThat(whole.getWidth()).isEqualTo(1400);
        assertThat(whole.getHeight()).isGreaterThan(2000);
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.get(field).asText()));
        return texts;
    }

    private static List<String> cells(JsonNode page, String student) {
        for (JsonNode row : page.get("matrix")) {
            if (row.get("student").asText().equals(student)) {
                return classNames(row.get("cells"));
            }
        }
        throw new AssertionError("no matrix row for " + student + " in " + page.get("matrix"));
    }

    private static List<String> classNames(JsonNode cells) {
        List<String> names = new ArrayList<>();
        cells.forEach(cell -> names.add(cell.asText()));
        return names;
    }

    private static JsonNode video(JsonNode page, String video) {
        for (JsonNode section : page.get("videos")) {
            if (section.get("video").asText().equals(video)) {
                return section;
            }
        }
        throw new AssertionError("no section for " + video);
    }

    private static JsonNode row(JsonNode video, String student) {
        for (JsonNode row : video.get("rows")) {
            if (row.get("student").asText().equals(student)) {
                return row;
            }
        }
        throw new AssertionError("no row for " + student + " in " + video);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
