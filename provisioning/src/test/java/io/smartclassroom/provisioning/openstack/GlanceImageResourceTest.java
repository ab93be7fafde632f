package io.smartclassroom.provisioning.openstack;

import static io.smartclassroom.provisioning.openstack.CloudScenario.UPLOADED_IMAGE_ID;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.smartclassroom.provisioning.Outcome;
import io.smartclassroom.provisioning.Provisioner;
import io.smartclassroom.provisioning.Resource;
import io.smartclassroom.provisioning.ResourceReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploading a local image to Glance when the named one is missing, and deleting only what was uploaded. */
class GlanceImageResourceTest {
    private static final String IMAGES = "/image/v2/images";
    private static final String IMAGE = IMAGES + "/" + UPLOADED_IMAGE_ID;

    @TempDir
    Path dir;

    private FakeOpenStack fake;
    private Path imageFile;
    private byte[] imageBytes;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeOpenStack();
        imageBytes = new byte[300 * 1024 + 17];
        new Random(42).nextBytes(imageBytes);
        imageFile = dir.resolve("ubuntu-22.04.qcow2");
        Files.write(imageFile, imageBytes);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private OpenStackSettings settings(Optional<Path> file) {
        OpenStackSettings s = CloudScenario.settings(dir);
        return new OpenStackSettings(s.prefix(), s.cloud(), s.imageName(), file, s.imageDiskFormat(), s.flavorName(),
                s.networkName(), s.externalNetworkName(), s.sshCidr(), s.publicKeyFile(), s.privateKeyFile(), s.activeTimeout(),
                s.deleteTimeout(), s.pollInterval(), s.jrePackage(), s.systemdUnitFile(), s.monitorConcurrency(), s.monitorJar());
    }

    private Provisioner provisioner(Optional<Path> file, List<ResourceReport> printed) {
        Resource image = new OpenStackDeployment(settings(file), CloudScenario.session(fake), CloudScenario::bootstrap,
                TestKeys::generator).resources().get(0);
        assertThat(image.kind()).isEqualTo("image");
        return new Provisioner(List.of(image), printed::add);
    }

    @Test
    void aMissingImageIsUploadedFromTheLocalFileStreamedAndTagged() {
        fake.on("GET", IMAGES, 200, "{\"images\": [], \"schema\": \"/v2/schemas/images\", \"first\": \"/v2/images?name=ubuntu-22.04\"}");
        fake.on("POST", IMAGES, 201, fake.resource("glance-image-created.json"));
        fake.on("PUT", IMAGE + "/file", request -> new MockResponse().setResponseCode(204));
        fake.onSequence("GET", IMAGE, 200, List.of(fake.resource("glance-image-saving.json"), fake.resource("glance-image-uploaded.json")));

        List<ResourceReport> reports = provisioner(Optional.of(imageFile), new ArrayList<>()).up();

        assertThat(fake.unmatched()).isEmpty();
        assertThat(reports.get(0).outcome()).isEqualTo(Outcome.CREATED);
        assertThat(reports.get(0).text()).contains("uploaded " + imageFile).contains("id " + UPLOADED_IMAGE_ID);
        assertThat(writes()).containsExactly("POST " + IMAGES, "PUT " + IMAGE + "/file");
        JsonNode created = fake.calls("POST", IMAGES).get(0).json();
        assertThat(created.path("name").asText()).isEqualTo("ubuntu-22.04");
        assertThat(created.path("disk_format").asText()).isEqualTo("qcow2");
        assertThat(created.path("container_format").asText()).isEqualTo("bare");
        assertThat(created.path("visibility").asText()).isEqualTo("private");
        assertThat(created.path("tags").get(0).asText()).isEqualTo("managed-by=smart-classroom");
        FakeOpenStack.Call upload = fake.calls("PUT", IMAGE + "/file").get(0);
        assertThat(upload.bytes()).isEqualTo(imageBytes);
        assertThat(upload.contentType()).isEqualTo("application/octet-stream");
        assertThat(upload.token()).isEqualTo(FakeOpenStack.TOKEN);
        assertThat(fake.calls("GET", IMAGE)).as("polled until active").hasSize(2);
    }

    @Test
    void aFailedUploadDeletesTheHalfMadeImage() {
        fake.on("GET", IMAGES, 200, "{\"images\": []}");
        fake.on("POST", IMAGES, 201, fake.resource("glance-image-created.json"));
        fake.on("PUT", IMAGE + "/file", 413, "<html><body><h1>413 Request Entity Too Large</h1>Image exceeds the storage quota</body></html>");
        fake.on("DELETE", IMAGE, request -> new MockResponse().setResponseCode(204));

        List<ResourceReport> reports = provisioner(Optional.of(imageFile), new ArrayList<>()).up();

        assertThat(reports.get(0).outcome()).isEqualTo(Outcome.FAILED);
        assertThat(reports.get(0).text()).contains("HTTP 413").contains("storage quota");
        assertThat(writes()).containsExactly("POST " + IMAGES, "PUT " + IMAGE + "/file", "DELETE " + IMAGE);
    }

    @Test
    void downDeletesAnImageThisToolUploaded() {
        fake.on("GET", IMAGES, 200, fake.resource("glance-images-uploaded.json"));
        fake.on("DELETE", IMAGE, request -> new MockResponse().setResponseCode(204));

        List<ResourceReport> reports = provisioner(Optional.of(imageFile), new ArrayList<>()).down();

        assertThat(reports.get(0).outcome()).isEqualTo(Outcome.DELETED);
        assertThat(writes()).containsExactly("DELETE " + IMAGE);
    }

    @Test
    void anUnfinishedUploadOfOursIsRedoneByUp() {
        String queued = fake.resource("glance-image-created.json");
        fake.on("GET", IMAGES, request -> FakeOpenStack.json(200, fake.calls("DELETE", IMAGE).isEmpty()
                ? "{\"images\": [" + queued + "]}" : "{\"images\": []}"));
        fake.on("DELETE", IMAGE, request -> new MockResponse().setResponseCode(204));
        fake.on("POST", IMAGES, 201, queued);
        fake.on("PUT", IMAGE + "/file", request -> new MockResponse().setResponseCode(204));
        fake.on("GET", IMAGE, 200, fake.resource("glance-image-uploaded.json"));

        List<ResourceReport> reports = provisioner(Optional.of(imageFile), new ArrayList<>()).up();

        assertThat(reports.get(0).outcome()).isEqualTo(Outcome.UPDATED);
        assertThat(reports.get(0).text()).contains("status queued: an earlier upload did not finish");
        assertThat(writes()).containsExactly("DELETE " + IMAGE, "POST " + IMAGES, "PUT " + IMAGE + "/file");
    }

    @Test
    void withoutAnImageOrAFileToUploadPlanWarnsAndUpFailsClearly() {
        fake.on("GET", IMAGES, 200, "{\"images\": []}");

        List<ResourceReport> plan = provisioner(Optional.empty(), new ArrayList<>()).plan();
        List<ResourceReport> up = provisioner(Optional.empty(), new ArrayList<>()).up();

        assertThat(plan.get(0).text()).contains("not in Glance and no openstack.image.file to upload: up fails here");
        assertThat(up.get(0).outcome()).isEqualTo(Outcome.FAILED);
        assertThat(up.get(0).text()).contains("image ubuntu-22.04 is not in Glance: set openstack.image.file");
        assertThat(writes()).isEmpty();
    }

    private List<String> writes() {
        return fake.apiCalls().stream()
                .filter(call -> Set.of("POST", "PUT", "PATCH", "DELETE").contains(call.method()))
                .map(FakeOpenStack.Call::key)
                .collect(Collectors.toList());
    }
}
