package io.smartclassroom.provisioning.aws;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.provisioning.ProvisioningException;
import io.smartclassroom.provisioning.Resource;
import io.smartclassroom.provisioning.ResourceState;
import io.smartclassroom.provisioning.config.FunctionSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.LastUpdateStatus;
import software.amazon.awssdk.services.lambda.model.PackageType;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.waiters.LambdaWaiter;

/**
 * The face-recognition function, deployed from its container image (package type Image) with the memory, timeout,
 * ephemeral storage, reserved concurrency and environment of the configuration, running as its role, tagged
 * {@value ManagedTag#KEY}. {@code up} creates it and waits until it is Active; when the image or a setting differs
 * it updates it in place (UpdateFunctionCode for the image, UpdateFunctionConfiguration for the settings,
 * Put/DeleteFunctionConcurrency for the reserved concurrency), waiting for each update to finish. The function is
 * always deployed by digest ({@code <registry>/<repository>@sha256:...}): an image given by tag is resolved to the
 * digest ECR has for it, so what runs is exactly the image that was checked, and pushing a new image under the same
 * tag and running {@code up} deploys it.
 * Without an image URI in the configuration the function is neither created nor changed.
 */
public final class LambdaFunction implements Resource {
    private static final Logger log = LoggerFactory.getLogger(LambdaFunction.class);
    static final String NOT_CONFIGURED = "not configured: set function.image-uri (or --image-uri) to the handler image";
    static final String DESCRIPTION = "smart-classroom: finds the enrolled students in a classroom video";

    private final LambdaClient lambda;
    private final Optional<EcrClient> ecr;
    private final String function;
    private final FunctionSettings settings;
    private final Supplier<String> roleArn;
    private final Map<String, String> environment;
    private final Waits waits;

    /**
     * @param ecr resolves an image tag to its digest, to notice a new image pushed under the same tag
     * @param roleArn the ARN of the function's role, asked for when it is needed
     * @param environment the function's environment variables
     * @param waits how to wait for the function to become Active or Successful, and for a new role to be assumable
     */
    public LambdaFunction(LambdaClient lambda, Optional<EcrClient> ecr, String function, FunctionSettings settings,
            Supplier<String> roleArn, Map<String, String> environment, Waits waits) {
        this.lambda = requireNonNull(lambda, "lambda");
        this.ecr = requireNonNull(ecr, "ecr");
        this.function = requireNonNull(function, "function");
        this.settings = requireNonNull(settings, "settings");
        this.roleArn = requireNonNull(roleArn, "roleArn");
        this.environment = Map.copyOf(requireNonNull(environment, "environment"));
        this.waits = requireNonNull(waits, "waits");
    }

    @Override
    public String kind() {
        return "function";
    }

    @Override
    public String name() {
        return function;
    }

    @Override
    public ResourceState inspect() {
        Optional<GetFunctionResponse> current = get();
        if (current.isPresent() && !ManagedTag.isOn(current.get().tags())) {
            return new ResourceState.Unmanaged(ManagedTag.notOurs("Lambda function " + current.get().configuration().functionArn()));
        }
        if (settings.imageUri().isEmpty()) {
            return current.<ResourceState>map(found -> new ResourceState.Present(describe(found) + "; not compared: "
                            + NOT_CONFIGURED))
                    .orElseGet(() -> new ResourceState.Unmanaged(NOT_CONFIGURED));
        }
        if (current.isEmpty()) {
            return new ResourceState.Absent(wanted() + missingImage().map(reason -> "; " + reason + ": up fails here").orElse(""));
        }
        List<String> differences = differences(current.get());
        return differences.isEmpty()
                ? new ResourceState.Present(describe(current.get()))
                : new ResourceState.Differs(differences);
    }

    @Override
    public String create() {
        String imageUri = requireImageUri();
        missingImage().ifPresent(reason -> {
            throw new ProvisioningException(reason + ": push it (docker push " + imageUri + ") and run up again");
        });
        long started = System.nanoTime();
        String pinned = requirePinnedUri();
        whenRoleIsAssumable(() -> lambda.createFunction(request -> request
                .functionName(function)
                .description(DESCRIPTION)
                .packageType(PackageType.IMAGE)
                .code(code -> code.imageUri(pinned))
                .role(roleArn.get())
                .memorySize(settings.memoryMb())
                .timeout(settings.timeoutSeconds())
                .ephemeralStorage(storage -> storage.size(settings.ephemeralStorageMb()))
                .environment(env -> env.variables(environment))
                .tags(ManagedTag.asMap())));
        log.info("created function {} from {} ({}), waiting until it is Active", function, imageUri, pinned);
        awaitActive();
        settings.reservedConcurrency().ifPresent(this::reserve);
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        return "Active after " + seconds + " s, " + wanted();
    }

    @Override
    public String update(ResourceState.Differs differs) {
        GetFunctionResponse current = get().orElseThrow(() -> new ProvisioningException("function " + function + " disappeared"));
        if (current.configuration().packageType() != PackageType.IMAGE) {
            throw new ProvisioningException("function " + function + " has package type "
                    + current.configuration().packageTypeAsString() + ", which cannot be changed to Image; delete it"
                    + " (down --yes, or in the console) and run up again");
        }
        if (current.configuration().lastUpdateStatus() == LastUpdateStatus.IN_PROGRESS) {
            awaitUpdated();
        }
        List<String> done = new ArrayList<>();
        if (codeDifference(current).isPresent()) {
            String pinned = requirePinnedUri();
            lambda.updateFunctionCode(request -> request.functionName(function).imageUri(pinned));
            awaitUpdated();
            done.add("new image");
        }
        if (!configurationDifferences(current.configuration()).isEmpty()) {
            whenRoleIsAssumable(() -> lambda.updateFunctionConfiguration(request -> request
                    .functionName(function)
                    .role(roleArn.get())
                    .memorySize(settings.memoryMb())
                    .timeout(settings.timeoutSeconds())
                    .ephemeralStorage(storage -> storage.size(settings.ephemeralStorageMb()))
                    .environment(env -> env.variables(environment))));
            awaitUpdated();
            done.add("new configuration");
        }
        if (concurrencyDifference(current).isPresent()) {
            settings.reservedConcurrency().ifPresentOrElse(this::reserve,
                    () -> lambda.deleteFunctionConcurrency(request -> request.functionName(function)));
            done.add("reserved concurrency");
        }
        return String.join(", ", done);
    }

    @Override
    public String delete() {
        lambda.deleteFunction(request -> request.functionName(function));
        return "";
    }

    /** Every way the function differs from the configuration. */
    List<String> differences(GetFunctionResponse current) {
        FunctionConfiguration configuration = current.configuration();
        if (configuration.packageType() != PackageType.IMAGE) {
            return List.of("package type " + configuration.packageTypeAsString() + ", not Image (cannot be changed:"
                    + " delete the function)");
        }
        List<String> differences = new ArrayList<>();
        codeDifference(current).ifPresent(differences::add);
        differences.addAll(configurationDifferences(configuration));
        concurrencyDifference(current).ifPresent(differences::add);
        return differences;
    }

    private Optional<String> codeDifference(GetFunctionResponse current) {
        String wanted = requireImageUri();
        ImageUri image = ImageUri.parse(wanted);
        String deployed = current.code() == null ? null : current.code().imageUri();
        Optional<String> latest = latestDigest(image);
        if (latest.isEmpty()) {
            // the tag cannot be resolved here (no ECR client, or not pushed yet): compare what can be compared
            return wanted.equals(deployed) ? Optional.empty() : Optional.of("image " + deployed + " -> " + wanted);
        }
        String pinned = image.pinned(latest.get());
        if (pinned.equals(deployed)) {
            return Optional.empty();
        }
        Optional<String> running = ImageUri.digestOf(current.code() == null ? null : current.code().resolvedImageUri())
                .or(() -> ImageUri.digestOf(deployed));
        if (deployed != null && ImageUri.parse(deployed).sameRepository(image) && image.tag().isPresent()
                && running.isPresent() && !running.equals(latest)) {
            return Optional.of("image " + wanted + " is now " + ImageUri.shortDigest(latest.get()) + ", the function runs "
                    + ImageUri.shortDigest(running.get()));
        }
        return Optional.of("image " + deployed + " -> " + pinned);
    }

    /** The configured image by digest: as configured when it names one, else the digest ECR has for its tag. */
    private String requirePinnedUri() {
        String wanted = requireImageUri();
        ImageUri image = ImageUri.parse(wanted);
        return latestDigest(image).map(image::pinned).orElseThrow(() -> new ProvisioningException("image " + wanted
                + " cannot be resolved to a digest here (the function is deployed by digest only): "
                + (ecr.isEmpty() || image.ecrRegistryId().isEmpty()
                        ? "give function.image-uri as <registry>/<repository>@sha256:<digest>"
                        : "is it pushed to ECR?")));
    }

    private List<String> configurationDifferences(FunctionConfiguration current) {
        List<String> differences = new ArrayList<>();
        String role = roleArn.get();
        if (!role.equals(current.role())) {
            differences.add("role " + current.role() + " -> " + role);
        }
        if (!Objects.equals(current.memorySize(), settings.memoryMb())) {
            differences.add("memory " + current.memorySize() + " -> " + settings.memoryMb() + " MB");
        }
        if (!Objects.equals(current.timeout(), settings.timeoutSeconds())) {
            differences.add("timeout " + current.timeout() + " -> " + settings.timeoutSeconds() + " s");
        }
        int storage = current.ephemeralStorage() == null || current.ephemeralStorage().size() == null
                ? 512 : current.ephemeralStorage().size();
        if (storage != settings.ephemeralStorageMb()) {
            differences.add("ephemeral storage " + storage + " -> " + settings.ephemeralStorageMb() + " MB");
        }
        Map<String, String> variables = current.environment() == null || current.environment().variables() == null
                ? Map.of() : current.environment().variables();
        if (!variables.equals(environment)) {
            TreeSet<String> changed = new TreeSet<>();
            changed.addAll(variables.keySet());
            changed.addAll(environment.keySet());
            changed.removeIf(key -> Objects.equals(variables.get(key), environment.get(key)));
            differences.add("environment " + String.join(", ", changed) + " differ");
        }
        return differences;
    }

    private Optional<String> concurrencyDifference(GetFunctionResponse current) {
        Integer reserved = current.concurrency() == null ? null : current.concurrency().reservedConcurrentExecutions();
        OptionalInt wanted = settings.reservedConcurrency();
        boolean same = wanted.isPresent() ? reserved != null && reserved == wanted.getAsInt() : reserved == null;
        return same ? Optional.empty() : Optional.of("reserved concurrency " + (reserved == null ? "none" : reserved)
                + " -> " + (wanted.isPresent() ? wanted.getAsInt() : "none"));
    }

    /** The digest {@code image} names now: its own, or (for a tag in an ECR registry) the one ECR has for the tag. */
    private Optional<String> latestDigest(ImageUri image) {
        if (image.digest().isPresent()) {
            return image.digest();
        }
        if (image.tag().isEmpty() || image.ecrRegistryId().isEmpty() || ecr.isEmpty()) {
            return Optional.empty();
        }
        try {
            return ecr.get().describeImages(request -> request
                            .registryId(image.ecrRegistryId().get())
                            .repositoryName(image.repository())
                            .imageIds(id -> id.imageTag(image.tag().get())))
                    .imageDetails().stream()
                    .map(ImageDetail::imageDigest)
                    .filter(Objects::nonNull)
                    .findFirst();
        } catch (ImageNotFoundException | RepositoryNotFoundException e) {
            log.warn("image {} is not in ECR: {}", image, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Why the configured image cannot be deployed yet: it is in an ECR registry of this account but not (yet) in the
     * repository. Empty when it is there, or when it cannot be told (another registry, no ECR client).
     */
    private Optional<String> missingImage() {
        ImageUri image = ImageUri.parse(requireImageUri());
        if (image.ecrRegistryId().isEmpty() || ecr.isEmpty()) {
            return Optional.empty();
        }
        try {
            ecr.get().describeImages(request -> request
                    .registryId(image.ecrRegistryId().get())
                    .repositoryName(image.repository())
                    .imageIds(id -> {
                        image.tag().ifPresent(id::imageTag);
                        image.digest().ifPresent(id::imageDigest);
                    }));
            return Optional.empty();
        } catch (ImageNotFoundException e) {
            return Optional.of("image " + requireImageUri() + " is not in ECR repository " + image.repository() + " yet");
        } catch (RepositoryNotFoundException e) {
            return Optional.of("ECR repository " + image.repository() + " of image " + requireImageUri() + " does not exist yet");
        }
    }

    private void reserve(int concurrency) {
        try {
            lambda.putFunctionConcurrency(request -> request.functionName(function).reservedConcurrentExecutions(concurrency));
        } catch (InvalidParameterValueException e) {
            throw new ProvisioningException("function " + function + ": Lambda refused to reserve " + concurrency
                    + " concurrent executions (" + (e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage())
                    + "); it keeps 10 of the account's limit unreserved: lower function.reserved-concurrency, or set it to none", e);
        }
    }

    /**
     * Runs {@code call}, again while Lambda says the role cannot be assumed: a new IAM role takes some seconds to
     * reach Lambda.
     */
    private void whenRoleIsAssumable(Runnable call) {
        long deadline = System.nanoTime() + waits.timeout().toNanos();
        while (true) {
            try {
                call.run();
                return;
            } catch (InvalidParameterValueException e) {
                if (!isRoleNotYetAssumable(e) || System.nanoTime() - deadline >= 0) {
                    throw e;
                }
                log.info("function {}: its role cannot be assumed yet (IAM is still propagating it); trying again", function);
                sleep(waits.pollInterval());
            }
        }
    }

    static boolean isRoleNotYetAssumable(InvalidParameterValueException e) {
        String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
        return message != null && message.contains("cannot be assumed");
    }

    private void awaitActive() {
        try (LambdaWaiter waiter = waiter()) {
            waiter.waitUntilFunctionActiveV2(request -> request.functionName(function));
        } catch (SdkClientException e) {
            throw new ProvisioningException("function " + function + " did not become Active: " + reason(), e);
        }
    }

    private void awaitUpdated() {
        try (LambdaWaiter waiter = waiter()) {
            waiter.waitUntilFunctionUpdatedV2(request -> request.functionName(function));
        } catch (SdkClientException e) {
            throw new ProvisioningException("the update of function " + function + " did not succeed: " + reason(), e);
        }
    }

    /** Why the function is not Active or its last update failed, as Lambda says. */
    private String reason() {
        return get().map(GetFunctionResponse::configuration)
                .map(configuration -> "state " + configuration.stateAsString() + " ("
                        + Objects.requireNonNullElse(configuration.stateReason(), "no reason given") + "), last update "
                        + configuration.lastUpdateStatusAsString() + " ("
                        + Objects.requireNonNullElse(configuration.lastUpdateStatusReason(), "no reason given") + ")")
                .orElse("it disappeared");
    }

    private LambdaWaiter waiter() {
        return LambdaWaiter.builder()
                .client(lambda)
                .overrideConfiguration(configuration -> configuration
                        .backoffStrategyV2(BackoffStrategy.fixedDelayWithoutJitter(waits.pollInterval()))
                        .maxAttempts(waits.attempts())
                        .waitTimeout(waits.timeout()))
                .build();
    }

    private Optional<GetFunctionResponse> get() {
        try {
            return Optional.of(lambda.getFunction(request -> request.functionName(function)));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    private String requireImageUri() {
        return settings.imageUri().orElseThrow(() -> new IllegalStateException(NOT_CONFIGURED));
    }

    private String wanted() {
        return "image " + requireImageUri() + ", " + sizes(settings.memoryMb(), settings.timeoutSeconds(),
                settings.ephemeralStorageMb(), settings.reservedConcurrency().isPresent()
                        ? Integer.toString(settings.reservedConcurrency().getAsInt()) : "none");
    }

    private static String describe(GetFunctionResponse current) {
        FunctionConfiguration configuration = current.configuration();
        Integer reserved = current.concurrency() == null ? null : current.concurrency().reservedConcurrentExecutions();
        return configuration.stateAsString() + ", image " + (current.code() == null ? "?" : current.code().imageUri()) + ", "
                + sizes(configuration.memorySize(), configuration.timeout(),
                configuration.ephemeralStorage() == null ? 512 : configuration.ephemeralStorage().size(),
                reserved == null ? "none" : reserved.toString());
    }

    private static String sizes(Integer memory, Integer timeout, Integer storage, String reserved) {
        return memory + " MB, timeout " + timeout + " s, /tmp " + storage + " MB, reserved concurrency " + reserved;
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProvisioningException("interrupted while waiting for the role of function " + function, e);
        }
    }
}
