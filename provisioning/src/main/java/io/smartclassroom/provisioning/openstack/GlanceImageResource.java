package io.smartclassroom.provisioning.openstack;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.provisioning.ProvisioningException;
import io.smartclassroom.provisioning.Resource;
import io.smartclassroom.provisioning.ResourceState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.openstack4j.api.Builders;
import org.openstack4j.model.common.ActionResponse;
import org.openstack4j.model.image.v2.ContainerFormat;
import org.openstack4j.model.image.v2.DiskFormat;
import org.openstack4j.model.image.v2.Image;
import org.openstack4j.model.image.v2.Image.ImageStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Glance image the server boots from. An image of that name that this tool did not upload is used as it is
 * and never deleted ({@link ResourceState.Unmanaged}); without one, the configured local file is uploaded and
 * the image tagged {@link OpenStackSettings#managedMarker()}, which is what lets {@code down} delete it.
 */
final class GlanceImageResource implements Resource {
    private static final Logger log = LoggerFactory.getLogger(GlanceImageResource.class);
    private static final Duration ACTIVE_TIMEOUT = Duration.ofMinutes(30);

    private final OpenStackApi api;
    private final OpenStackSettings settings;
    private final Poller poller;

    GlanceImageResource(OpenStackApi api, OpenStackSettings settings, Poller poller) {
        this.api = requireNonNull(api, "api");
        this.settings = requireNonNull(settings, "settings");
        this.poller = requireNonNull(poller, "poller");
    }

    @Override
    public String kind() {
        return "image";
    }

    @Override
    public String name() {
        return settings.imageName();
    }

    @Override
    public ResourceState inspect() {
        List<Image> images = api.images(settings.imageName());
        if (images.isEmpty()) {
            return new ResourceState.Absent(settings.imageFile()
                    .map(file -> "upload " + file + " (" + describeSize(file) + ", " + settings.imageDiskFormat() + ")")
                    .orElse("not in Glance and no openstack.image.file to upload: up fails here"));
        }
        if (images.size() > 1) {
            throw new ProvisioningException(images.size() + " images are named " + settings.imageName() + "; rename all but one");
        }
        Image image = images.get(0);
        if (!isOurs(image)) {
            return new ResourceState.Unmanaged("existing image " + image.getId() + " (" + status(image)
                    + "), not uploaded by this tool: used, never deleted");
        }
        if (image.getStatus() == ImageStatus.ACTIVE) {
            return new ResourceState.Present("id " + image.getId() + ", uploaded by this tool");
        }
        return new ResourceState.Differs(List.of("status " + status(image) + ": an earlier upload did not finish"));
    }

    @Override
    public String create() {
        Path file = settings.imageFile().orElseThrow(() -> new ProvisioningException("image " + settings.imageName()
                + " is not in Glance: set openstack.image.file to a local " + settings.imageDiskFormat()
                + " file to upload, or openstack.image to an image that exists"));
        long size = size(file);
        Image created = api.call("create image " + settings.imageName(), client -> client.imagesV2().create(
                Builders.imageV2()
                        .name(settings.imageName())
                        .diskFormat(DiskFormat.value(settings.imageDiskFormat()))
                        .containerFormat(ContainerFormat.BARE)
                        .visibility(Image.ImageVisibility.PRIVATE)
                        .tags(List.of(settings.managedMarker()))
                        .build()));
        log.info("created image {} ({}); uploading {} ({} bytes)", settings.imageName(), created.getId(), file, size);
        try {
            api.call("upload " + file, client -> {
                GlanceImageUpload.upload(client, created.getId(), file);
                return null;
            });
            awaitActive(created.getId());
        } catch (RuntimeException e) {
            deleteQuietly(created.getId());
            throw e;
        }
        return "uploaded " + file + " (" + describeSize(file) + "), id " + created.getId();
    }

    @Override
    public String update(ResourceState.Differs current) {
        delete();
        return create();
    }

    @Override
    public String delete() {
        Image image = api.image(settings.imageName());
        if (!isOurs(image)) {
            throw new ProvisioningException("image " + image.getId() + " was not uploaded by this tool; not deleting it");
        }
        ActionResponse response = api.call("delete image " + image.getId(), client -> client.imagesV2().delete(image.getId()));
        OpenStackErrors.check("delete image " + image.getId(), response, true);
        return "id " + image.getId();
    }

    private void awaitActive(String id) {
        ImageStatus[] last = {ImageStatus.QUEUED};
        poller.until(ACTIVE_TIMEOUT, () -> {
            Image image = api.imageById(id).orElseThrow(() -> new ProvisioningException("image " + id + " disappeared during the upload"));
            last[0] = image.getStatus();
            if (image.getStatus() == ImageStatus.KILLED || image.getStatus() == ImageStatus.DELETED) {
                throw new ProvisioningException("Glance rejected the upload of image " + id + " (status " + status(image) + ")");
            }
            return image.getStatus() == ImageStatus.ACTIVE ? Optional.of(image) : Optional.empty();
        }, () -> new ProvisioningException("image " + id + " is still " + last[0] + " after " + ACTIVE_TIMEOUT.toMinutes() + " min"));
    }

    private void deleteQuietly(String id) {
        try {
            api.call("delete image " + id, client -> client.imagesV2().delete(id));
        } catch (ProvisioningException e) {
            log.warn("could not delete the incomplete image {}: {}", id, e.getMessage());
        }
    }

    private boolean isOurs(Image image) {
        return image.getTags() != null && image.getTags().contains(settings.managedMarker());
    }

    private static String status(Image image) {
        return image.getStatus() == null ? "unknown" : image.getStatus().name().toLowerCase(Locale.ROOT);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new ProvisioningException("cannot read image file " + file + ": " + e.getMessage(), e);
        }
    }

    private static String describeSize(Path file) {
        if (!Files.isRegularFile(file)) {
            return "file missing";
        }
        return String.format(Locale.ROOT, "%.1f MiB", size(file) / (1024.0 * 1024.0));
    }
}
