package io.smartclassroom.provisioning.aws;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.provisioning.ProvisioningException;
import io.smartclassroom.provisioning.Resource;
import io.smartclassroom.provisioning.ResourceState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.EncryptionType;
import software.amazon.awssdk.services.ecr.model.ImageTagMutability;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.ecr.model.Tag;

/**
 * The ECR repository the handler image is pushed to: images are scanned on push, encrypted with AES-256, their tags
 * are immutable (a tag, once pushed, always names the same image: push a new image under a new tag), and the
 * repository carries the tag {@value ManagedTag#KEY}. {@code down} deletes it, with its images, only when it
 * carries the tag.
 */
public final class EcrRepository implements Resource {
    static final String SETTINGS = "scan on push, immutable tags";
    private final EcrClient ecr;
    private final String repository;

    public EcrRepository(EcrClient ecr, String repository) {
        this.ecr = requireNonNull(ecr, "ecr");
        this.repository = requireNonNull(repository, "repository");
    }

    @Override
    public String kind() {
        return "ecr-repository";
    }

    @Override
    public String name() {
        return repository;
    }

    @Override
    public ResourceState inspect() {
        Optional<Repository> current = describe();
        if (current.isEmpty()) {
            return new ResourceState.Absent(SETTINGS);
        }
        if (!ManagedTag.isOn(tags(current.get()))) {
            return new ResourceState.Unmanaged(ManagedTag.notOurs("ECR repository " + current.get().repositoryUri()));
        }
        List<String> differences = new ArrayList<>();
        if (!scansOnPush(current.get())) {
            differences.add("scan on push is off");
        }
        if (!immutable(current.get())) {
            differences.add("tags are " + current.get().imageTagMutabilityAsString() + ", not IMMUTABLE");
        }
        if (!differences.isEmpty()) {
            return new ResourceState.Differs(differences);
        }
        return new ResourceState.Present(current.get().repositoryUri() + ", " + SETTINGS);
    }

    @Override
    public String create() {
        Repository created = ecr.createRepository(request -> request
                .repositoryName(repository)
                .imageScanningConfiguration(scanning -> scanning.scanOnPush(true))
                .imageTagMutability(ImageTagMutability.IMMUTABLE)
                .encryptionConfiguration(encryption -> encryption.encryptionType(EncryptionType.AES256))
                .tags(Tag.builder().key(ManagedTag.KEY).value(ManagedTag.VALUE).build()))
                .repository();
        return created.repositoryUri() + ", " + SETTINGS;
    }

    @Override
    public String update(ResourceState.Differs differs) {
        Repository current = describe().orElseThrow(() -> new ProvisioningException("ECR repository " + repository + " disappeared"));
        if (!scansOnPush(current)) {
            ecr.putImageScanningConfiguration(request -> request
                    .repositoryName(repository)
                    .imageScanningConfiguration(scanning -> scanning.scanOnPush(true)));
        }
        if (!immutable(current)) {
            ecr.putImageTagMutability(request -> request
                    .repositoryName(repository)
                    .imageTagMutability(ImageTagMutability.IMMUTABLE));
        }
        return "";
    }

    @Override
    public String delete() {
        long images = ecr.listImagesPaginator(request -> request.repositoryName(repository)).imageIds().stream().count();
        ecr.deleteRepository(request -> request.repositoryName(repository).force(true));
        return images == 0 ? "was empty" : images + (images == 1 ? " image" : " images") + " deleted with it";
    }

    private Optional<Repository> describe() {
        try {
            return ecr.describeRepositories(request -> request.repositoryNames(repository)).repositories().stream()
                    .filter(found -> repository.equals(found.repositoryName()))
                    .findFirst();
        } catch (RepositoryNotFoundException e) {
            return Optional.empty();
        }
    }

    private Map<String, String> tags(Repository current) {
        Map<String, String> tags = new HashMap<>();
        ecr.listTagsForResource(request -> request.resourceArn(current.repositoryArn())).tags()
                .forEach(tag -> tags.put(tag.key(), tag.value()));
        return tags;
    }

    private static boolean immutable(Repository current) {
        return current.imageTagMutability() == ImageTagMutability.IMMUTABLE;
    }

    private static boolean scansOnPush(Repository current) {
        return current.imageScanningConfiguration() != null
                && Boolean.TRUE.equals(current.imageScanningConfiguration().scanOnPush());
    }
}
