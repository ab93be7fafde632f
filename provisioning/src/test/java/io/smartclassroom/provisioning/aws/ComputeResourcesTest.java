package io.smartclassroom.provisioning.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartclassroom.provisioning.Outcome;
import io.smartclassroom.provisioning.Provisioner;
import io.smartclassroom.provisioning.ResourceReport;
import io.smartclassroom.provisioning.config.ConfigKey;
import io.smartclassroom.provisioning.config.ProvisioningConfig;
import io.smartclassroom.provisioning.config.ProvisioningConfigLoader;
import io.smartclassroom.provisioning.policy.AwsAccount;
import io.smartclassroom.provisioning.policy.IamPolicies;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The ECR repository, the function's role and policy, the function and the monitor's user, policy and key against
 * {@link FakeAws}: what {@code up} sends, that a second {@code up} sends no writes, what a changed image or setting
 * updates, and what {@code down} deletes in which order.
 */
class ComputeResourcesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IMAGE = FakeAws.REGISTRY + "/smart-classroom-handler:v1";
    /** An image in another repository of the account, so that the first up both creates the repository and the function. */
    private static final String BUILT_ELSEWHERE = FakeAws.REGISTRY + "/smart-classroom-builds:v1";
    private static final String DIGEST_1 = "sha256:" + "1".repeat(64);
    private static final String DIGEST_2 = "sha256:" + "2".repeat(64);
    /** {@link #IMAGE} by digest, as the function is deployed. */
    private static final String IMAGE_1 = FakeAws.REGISTRY + "/smart-classroom-handler@" + DIGEST_1;
    private static final String ROLE_ARN = "arn:aws:iam::123456789012:role/smart-classroom-face-recognition-role";
    private static final AwsAccount ACCOUNT = new AwsAccount("aws", "us-east-1", FakeAws.ACCOUNT);
    private static final Waits FAST = new Waits(Duration.ofMillis(5), Duration.ofSeconds(10));

    private FakeAws aws;
    private CloudClients clients;
    private final List<ResourceReport> printed = new ArrayList<>();

    @BeforeEach
    void start() {
        aws = new FakeAws();
        // storage, queue and table clients are not used by these resources: they point at the fake, which never sees them
        clients = new CloudClients(
                S3Client.builder().endpointOverride(aws.endpoint()).region(FakeAws.REGION).build(),
                SqsClient.builder().endpointOverride(aws.endpoint()).region(FakeAws.REGION).build(),
                DynamoDbClient.builder().endpointOverride(aws.endpoint()).region(FakeAws.REGION).build(),
                Optional.of(aws.sts()), Optional.of(aws.iam()), Optional.of(aws.ecr()), Optional.of(aws.lambda()));
    }

    @AfterEach
    void stop() {
        clients.close();
        aws.close();
    }

    @Test
    void planChangesNothingAndUpCreatesEverythingWithTheExactSettings() throws Exception {
        aws.repositoryWithImage("smart-classroom-builds", "v1", DIGEST_1);
        ProvisioningConfig config = config(Map.of(ConfigKey.FUNCTION_IMAGE_URI, BUILT_ELSEWHERE, ConfigKey.FUNCTION_RESERVED_CONCURRENCY, "20"));
        MonitorKeys keys = new MonitorKeys(clients.iam().orElseThrow(), "smart-classroom-monitor", false);

        List<ResourceReport> plan = provisioner(config, Optional.of(keys)).plan();
        assertThat(plan).extracting(ResourceReport::outcome).containsOnly(Outcome.WOULD_CREATE);
        assertThat(aws.writes()).isEmpty();

        List<ResourceReport> up = provisioner(config, Optional.of(keys)).up();

        assertThat(up).extracting(ResourceReport::kind, ResourceReport::outcome).containsExactly(
                Tuple.tuple("ecr-repository", Outcome.CREATED),
                Tuple.tuple("role", Outcome.CREATED),
                Tuple.tuple("function", Outcome.CREATED),
                Tuple.tuple("user", Outcome.CREATED),
                Tuple.tuple("access-key", Outcome.CREATED));
        assertThat(aws.writeActions()).containsExactly("CreateRepository", "CreateRole", "PutRolePolicy", "CreateFunction",
                "PutFunctionConcurrency", "CreateUser", "PutUserPolicy", "CreateAccessKey");

        JsonNode repository = aws.calls("CreateRepository").get(0).body();
        assertThat(repository.path("repositoryName").asText()).isEqualTo("smart-classroom-handler");
        assertThat(repository.path("imageScanningConfiguration").path("scanOnPush").asBoolean()).isTrue();
        assertThat(repository.path("imageTagMutability").asText()).isEqualTo("IMMUTABLE");
        assertThat(repository.path("tags")).isEqualTo(JSON.readTree("[{\"Key\":\"managed-by\",\"Value\":\"smart-classroom\"}]"));

        FakeAws.Call role = aws.calls("CreateRole").get(0);
        assertThat(role.param("RoleName")).isEqualTo("smart-classroom-face-recognition-role");
        assertThat(JSON.readTree(role.param("AssumeRolePolicyDocument"))).isEqualTo(IamPolicies.lambdaTrust().toJson());
        assertThat(role.param("Tags.member.1.Key")).isEqualTo("managed-by");
        assertThat(role.param("Tags.member.1.Value")).isEqualTo("smart-classroom");
        FakeAws.Call rolePolicy = aws.calls("PutRolePolicy").get(0);
        assertThat(rolePolicy.param("PolicyName")).isEqualTo(ComputeResources.FUNCTION_POLICY);
        assertThat(JSON.readTree(rolePolicy.param("PolicyDocument")))
                .isEqualTo(IamPolicies.function(ACCOUNT, ComputeResources.functionAccess(config)).toJson());

        JsonNode function = aws.calls("CreateFunction").get(0).body();
        assertThat(function).isEqualTo(JSON.readTree("""
                {
                  "FunctionName": "smart-classroom-face-recognition",
                  "Description": "smart-classroom: finds the enrolled students in a classroom video",
                  "PackageType": "Image",
                  "Code": {"ImageUri": "%s"},
                  "Role": "%s",
                  "MemorySize": 3008,
                  "Timeout": 900,
                  "EphemeralStorage": {"Size": 2048},
                  "Environment": {"Variables": {
                    "INPUT_BUCKET": "smart-classroom-input",
                    "OUTPUT_BUCKET": "smart-classroom-output",
                    "STUDENTS_TABLE": "smart-classroom-students",
                    "STUDENTS_NAME_INDEX": "name-index",
                    "ENCODINGS": "s3://smart-classroom-encodings/encodings.json",
                    "MODELS_DIR": "/opt/models",
                    "LOG_FORMAT": "json"}},
                  "Tags": {"managed-by": "smart-classroom"}
                }
                """.formatted(FakeAws.REGISTRY + "/smart-classroom-builds@" + DIGEST_1, ROLE_ARN)));
        assertThat(aws.calls("PutFunctionConcurrency").get(0).body().path("ReservedConcurrentExecutions").asInt()).isEqualTo(20);
        // the function was Pending for two polls: up waited for Active before reserving concurrency
        assertThat(aws.calls("GetFunction").size()).isGreaterThanOrEqualTo(4);
        assertThat(aws.functions.get("smart-classroom-face-recognition").reservedConcurrency).isEqualTo(20);

        FakeAws.Call userPolicy = aws.calls("PutUserPolicy").get(0);
        assertThat(userPolicy.param("UserName")).isEqualTo("smart-classroom-monitor");
        assertThat(JSON.readTree(userPolicy.param("PolicyDocument")))
                .isEqualTo(IamPolicies.monitor(ACCOUNT, "smart-classroom-requests", "smart-classroom-requests-dlq",
                        "smart-classroom-face-recognition").toJson());
        assertThat(aws.calls("CreateUser").get(0).param("Tags.member.1.Value")).isEqualTo("smart-classroom");

        // the key's secret is kept for the server, and printed nowhere
        String secret = aws.secrets().get(0);
        assertThat(keys.createdInThisRun()).hasValueSatisfying(key -> assertThat(key.secretAccessKey()).isEqualTo(secret));
        assertThat(keys.createdInThisRun().get().toString()).doesNotContain(secret);
        assertThat(printed).extracting(ResourceReport::line).noneMatch(line -> line.contains(secret));
        assertThat(printed).extracting(ResourceReport::line).anyMatch(line ->
                line.startsWith("access-key smart-classroom-monitor: created (id AKIAFAKEMONITOR00001;"));
    }

    @Test
    void aSecondUpSendsNoWrites() {
        aws.repositoryWithImage("smart-classroom-handler", "v1", DIGEST_1);
        ProvisioningConfig config = config(Map.of(ConfigKey.FUNCTION_IMAGE_URI, IMAGE, ConfigKey.FUNCTION_RESERVED_CONCURRENCY, "20"));
        provisioner(config, Optional.of(keys(false))).up();
        aws.clearCalls();

        List<ResourceReport> again = provisioner(config, Optional.of(keys(false))).up();

        assertThat(aws.writes()).isEmpty();
        assertThat(again).extracting(ResourceReport::outcome).containsOnly(Outcome.UNCHANGED);
        assertThat(again.get(2).line()).startsWith("function smart-classroom-face-recognition: exists (Active, image " + IMAGE_1
                + ", 3008 MB, timeout 900 s, /tmp 2048 MB, reserved concurrency 20)");
        assertThat(again.get(4).line()).contains("AKIAFAKEMONITOR00001 (Active", "its secret cannot be read back");
        assertThat(provisioner(config, Optional.of(keys(false))).status()).extracting(ResourceReport::outcome).containsOnly(Outcome.PRESENT);
    }

    @Test
    void aNewImageUriUpdatesTheCodeOnly() {
        aws.repositoryWithImage("smart-classroom-handler", "v1", DIGEST_1);
        provisioner(config(Map.of(ConfigKey.FUNCTION_IMAGE_URI, IMAGE)), Optional.empty()).up();
        aws.clearCalls();
        String v2 = FakeAws.REGISTRY + "/smart-classroom-handler:v2";
        aws.push("smart-classroom-handler", "v2", DIGEST_2);

        List<ResourceReport> plan = provisioner(config(Map.of(ConfigKey.FUNCTION_IMAGE_URI, v2)), Optional.empty()).plan();
        List<ResourceReport> up = provisioner(config(Map.of(ConfigKey.FUNCTION_IMAGE_URI, v2)), Optional.empty()).up();

        assertThat(plan.get(2).line()).isEqualTo("function smart-classroom-face-recognition: would update: image " + v2
                + " is now sha256:222222222222…, the function runs sha256:111111111111…");
        assertThat(up.get(2).outcome()).isEqualTo(Outcome.UPDATED);
        assertThat(aws.writeActions()).containsExactly("UpdateFunctionCode");
        // deployed by digest, not by tag
        String v2ByDigest = FakeAws.REGISTRY + "/smart-classroom-handler@" + DIGEST_2;
        assertThat(aws.calls("UpdateFunctionCode").get(0).body().path("ImageUri").asText()).isEqualTo(v2ByDigest);
        assertThat(aws.functions.get("smart-classroom-face-recognition").imageUri).isEqualTo(v2ByDigest);
    }

    @Test
    void aNewImagePushedUnderTheSameTagIsDeployed() {
        aws.repositoryWithImage("smart-classroom-handler", "v1", DIGEST_1);
        ProvisioningConfig config = config(Map.of(ConfigKey.FUNCTION_IMAGE_URI, IMAGE));
        provisioner(config, Optional.empty()).up();
        aws.clearCalls();
        assertThat(provisioner(config, Optional.empty()).up()).extracting(ResourceReport::outcome)
                .containsOnly(Outcome.UNCHANGED, Outcome.UNMANAGED);
        assertThat(aws.writes()).isEmpty();

        aws.push("smart-classroom-handler", "v1", DIGEST_2);
        List<ResourceReport> up = provisioner(config, Optional.empty()).up();

        assertThat(up.get(2).line()).isEqualTo("function smart-classroom-face-recognition: updated: image " + IMAGE
                + " is now sha256:222222222222…, the function runs sha256:111111111111… (new image)");
        assertThat(aws.writeActions()).containsExactly("UpdateFunctionCode");
        assertThat(aws.functions.get("smart-classroom-face-recognition").resolvedImageUri).endsWith("@" + DIGEST_2);
    }

    @Test
    void theFunctionWaitsForItsImageToBePushed() {
        ProvisioningConfig config = config(Map.of(ConfigKey.FUNCTION_IMAGE_URI, IMAGE));

        List<ResourceReport> plan = provisioner(config, Optional.empty()).plan();
        List<ResourceReport> first = provisioner(config, Optional.empty()).up();

        assertThat(plan.get(2).line()).endsWith("; ECR repository smart-classroom-handler of image " + IMAGE
                + " does not exist yet: up fails here)");
        assertThat(first.get(0).outcome()).isEqualTo(Outcome.CREATED);
        assertThat(first.get(2).line()).isEqualTo("function smart-classroom-face-recognition: failed: image " + IMAGE
                + " is not in ECR repository smart-classroom-handler yet: push it (docker push " + IMAGE + ") and run up again");
        assertThat(first.get(3).outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(aws.calls("CreateFunction")).isEmpty();

        aws.push("smart-classroom-handler", "v1", DIGEST_1);
        List<ResourceReport> second = provisioner(config, Optional.empty()).up();

        assertThat(second).extracting(ResourceReport::outcome)
                .containsExactly(Outcome.UNCHANGED, Outcome.UNCHANGED, Outcome.CREATED, Outcome.CREATED, Outcome.UNMANAGED);
        assertThat(aws.functions.get("smart-classroom-face-recognition").resolvedImageUri).endsWith("@" + DIGEST_1);
    }

    @Test
    void changedSettingsUpdateTheConfigurationAndTheConcurrencyOnly() {
        aws.repositoryWithImage("smart-classroom-handler", "v1", DIGEST_1);
        provisioner(config(Map.of(ConfigKey.FUNCTION_IMAGE_URI, IMAGE)), Optional.empty()).up();
        aws.clearCalls();
        ProvisioningConfig bigger = config(Map.of(ConfigKey.FUNCTION_IMAGE_URI, IMAGE, ConfigKey.FUNCTION_MEMORY, "4096",
                ConfigKey.FUNCTION_EPHEMERAL_STORAGE, "4096", ConfigKey.FUNCTION_RESERVED_CONCURRENCY, "5",
                ConfigKey.ENCODINGS_LOCATION, "s3://models-bucket/enc.json"));

        List<ResourceReport> up = provisioner(bigger, Optional.empty()).up();

        assertThat(up.get(2).line()).isEqualTo("function smart-classroom-face-recognition: updated: memory 3008 -> 4096 MB;"
                + " ephemeral storage 2048 -> 4096 MB; environment ENCODINGS differ; reserved concurrency 10 -> 5"
                + " (new configuration, reserved concurrency)");
        // the role's policy follows the encodings to their new bucket
        assertThat(aws.writeActions()).containsExactly("PutRolePolicy", "UpdateFunctionConfiguration", "PutFunctionConcurrency");
        JsonNode update = aws.calls("UpdateFunctionConfiguration").get(0).body();
        assertThat(update.path("MemorySize").asInt()).isEqualTo(4096);
        assertThat(update.path("EphemeralStorage").path("Size").asInt()).isEqualTo(4096);
        assertThat(update.path("Role").asText()).isEqualTo(ROLE_ARN);
        assertThat(update.path("Environment").path("Variables").path("ENCODINGS").asText()).isEqualTo("s3://models-bucket/enc.json");

        aws.clearCalls();
        provisioner(config(Map.of(ConfigKey.FUNCTION_IMAGE_URI, IMAGE, ConfigKey.FUNCTION_MEMORY, "4096",
                ConfigKey.FUNCTION_EPHEMERAL_STORAGE, "4096", ConfigKey.ENCODINGS_LOCATION, "s3://models-bucket/enc.json",
                ConfigKey.FUNCTION_RESERVED_CONCURRENCY, "none")),
                Optional.empty()).up();
        assertThat(aws.writeActions()).containsExactly("DeleteFunctionConcurrency");
    }

    @Test
    void aRepositoryWithMutableTagsIsMadeImmutable() {
        aws.repositoryWithImage("smart-classroom-handler", "v1", DIGEST_1);
        aws.repositories.get("smart-classroom-handler").tagMutability = "MUTABLE";
        ProvisioningConfig config = config(Map.of());

        List<ResourceReport> plan = provisioner(config, Optional.empty()).plan();
        List<ResourceReport> up = provisioner(config, Optional.empty()).up();

        assertThat(plan.get(0).line()).isEqualTo("ecr-repository smart-classroom-handler: would update: tags are MUTABLE, not IMMUTABLE");
        assertThat(up.get(0).outcome()).isEqualTo(Outcome.UPDATED);
        assertThat(aws.calls("PutImageTagMutability")).singleElement()
                .satisfies(call -> assertThat(call.body().path("imageTagMutability").asText()).isEqualTo("IMMUTABLE"));
        assertThat(aws.calls("PutImageScanningConfiguration")).isEmpty();
        assertThat(aws.repositories.get("smart-classroom-handler").tagMutability).isEqualTo("IMMUTABLE");
        assertThat(provisioner(config, Optional.empty()).status().get(0).line())
                .startsWith("ecr-repository smart-classroom-handler: present (").endsWith(", scan on push, immutable tags)");
    }

    @Test
    void aFunctionDeployedByTagIsRedeployedByTheTagsDigest() {
        aws.repositoryWithImage("smart-classroom-handler", "v1", DIGEST_1);
        ProvisioningConfig config = config(Map.of(ConfigKey.FUNCTION_IMAGE_URI, IMAGE));
        provisioner(config, Optional.empty()).up();
        aws.functions.get("smart-classroom-face-recognition").imageUri = IMAGE; // as an earlier version deployed it
        aws.clearCalls();

        List<ResourceReport> plan = provisioner(config, Optional.empty()).plan();
        List<ResourceReport> up = provisioner(config, Optional.empty()).up();

        assertThat(plan.get(2).line()).isEqualTo("function smart-classroom-face-recognition: would update: image " + IMAGE
                + " -> " + IMAGE_1);
        assertThat(up.get(2).outcome()).isEqualTo(Outcome.UPDATED);
        assertThat(aws.writeActions()).containsExactly("UpdateFunctionCode");
        assertThat(aws.functions.get("smart-classroom-face-recognition").imageUri).isEqualTo(IMAGE_1);
    }

    @Test
    void anImageGivenByDigestIsDeployedAsIs() {
        aws.repositoryWithImage("smart-classroom-handler", "v1", DIGEST_1);
        ProvisioningConfig config = config(Map.of(ConfigKey.FUNCTION_IMAGE_URI, IMAGE_1));

        provisioner(config, Optional.empty()).up();

        assertThat(aws.calls("CreateFunction").get(0).body().path("Code").path("ImageUri").asText()).isEqualTo(IMAGE_1);
        aws.clearCalls();
        assertThat(provisioner(config, Optional.empty()).up().get(2).outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(aws.writes()).isEmpty();
    }

    @Test
    void theDefaultReservedConcurrencyIsTenAndShownInPlanAndStatus() {
        aws.repositoryWithImage("smart-classroom-handler", "v1", DIGEST_1);
        ProvisioningConfig config = config(Map.of(ConfigKey.FUNCTION_IMAGE_URI, IMAGE));

        assertThat(provisioner(config, Optional.empty()).plan().get(2).line()).isEqualTo("function smart-classroom-face-recognition:"
                + " would create (image " + IMAGE + ", 3008 MB, timeout 900 s, /tmp 2048 MB, reserved concurrency 10)");
        provisioner(config, Optional.empty()).up();

        assertThat(aws.functions.get("smart-classroom-face-recognition").reservedConcurrency).isEqualTo(10);
        assertThat(provisioner(config, Optional.empty()).status().get(2).line()).isEqualTo("function smart-classroom-face-recognition:"
                + " present (Active, image " + IMAGE_1 + ", 3008 MB, timeout 900 s, /tmp 2048 MB, reserved concurrency 10)");
    }

    @Test
    void aNewRoleThatLambdaCannotAssumeYetIsRetried() {
        aws.repositoryWithImage("smart-classroom-handler", "v1", DIGEST_1);
        aws.roleNotAssumableYet = 2;

        List<ResourceReport> up = provisioner(config(Map.of(ConfigKey.FUNCTION_IMAGE_URI, IMAGE)), Optional.empty()).up();

        assertThat(up.get(2).outcome()).isEqualTo(Outcome.CREATED);
        assertThat(aws.calls("CreateFunction")).hasSize(3);
    }

    @Test
    void withoutAnImageUriTheFunctionIsNotConfiguredAndNothingIsSentToLambda() {
        List<ResourceReport> up = provisioner(config(Map.of()), Optional.empty()).up();

        assertThat(up.get(2).line()).isEqualTo("function smart-classroom-face-recognition: not configured: set"
                + " function.image-uri (or --image-uri) to the handler image");
        assertThat(up.get(2).outcome()).isEqualTo(Outcome.UNMANAGED);
        assertThat(aws.calls()).filteredOn(call -> call.service().equals("lambda")).extracting(FakeAws.Call::action)
                .containsOnly("GetFunction");
        assertThat(up.get(4).line()).isEqualTo("access-key smart-classroom-monitor: none made: only the monitor's"
                + " OpenStack server gets one (openstack.enabled=false)");
        assertThat(aws.writeActions()).doesNotContain("CreateAccessKey");
    }

    @Test
    void downDeletesPoliciesAndKeysBeforeTheirRoleAndUserAndTheFunctionBeforeItsRole() {
        aws.repositoryWithImage("smart-classroom-handler", "v1", DIGEST_1);
        ProvisioningConfig config = config(Map.of(ConfigKey.FUNCTION_IMAGE_URI, IMAGE));
        provisioner(config, Optional.of(keys(false))).up();
        aws.clearCalls();

        List<ResourceReport> down = provisioner(config, Optional.of(keys(false))).down();

        assertThat(down).extracting(ResourceReport::outcome).containsOnly(Outcome.DELETED);
        assertThat(aws.writeActions()).containsExactly(
                "DeleteAccessKey",
                "DeleteUserPolicy", "DeleteUser",
                "DeleteFunction",
                "DeleteRolePolicy", "DeleteRole",
                "DeleteRepository");
        assertThat(aws.calls("DeleteRepository").get(0).body().path("force").asBoolean()).isTrue();
        assertThat(down.get(4).line()).isEqualTo("ecr-repository smart-classroom-handler: deleted (1 image deleted with it)");
        assertThat(aws.roles).isEmpty();
        assertThat(aws.users).isEmpty();
        assertThat(aws.functions).isEmpty();
        assertThat(aws.repositories).isEmpty();

        aws.clearCalls();
        assertThat(provisioner(config, Optional.of(keys(false))).down()).extracting(ResourceReport::outcome).containsOnly(Outcome.ABSENT);
        assertThat(aws.writes()).isEmpty();
    }

    @Test
    void resourcesOfTheConfiguredNamesWithoutTheTagAreLeftAlone() {
        aws.repositoryWithImage("smart-classroom-handler", "v1", DIGEST_1);
        ProvisioningConfig config = config(Map.of(ConfigKey.FUNCTION_IMAGE_URI, IMAGE));
        provisioner(config, Optional.of(keys(false))).up();
        aws.repositories.get("smart-classroom-handler").tags.clear();
        aws.roles.get("smart-classroom-face-recognition-role").tags.clear();
        aws.functions.get("smart-classroom-face-recognition").tags.clear();
        aws.users.get("smart-classroom-monitor").tags.clear();
        aws.roles.get("smart-classroom-face-recognition-role").inline.put(ComputeResources.FUNCTION_POLICY, "{\"Statement\":[]}");
        aws.clearCalls();

        List<ResourceReport> up = provisioner(config, Optional.of(keys(false))).up();
        List<ResourceReport> down = provisioner(config, Optional.of(keys(false))).down();

        assertThat(up).extracting(ResourceReport::outcome).containsOnly(Outcome.UNMANAGED);
        assertThat(down).extracting(ResourceReport::outcome).containsOnly(Outcome.UNMANAGED);
        assertThat(up.get(1).line()).isEqualTo("role smart-classroom-face-recognition-role: exists but has no tag"
                + " managed-by=smart-classroom, so it was not created by this tool: left alone (IAM role " + ROLE_ARN
                + "; tag it to manage it, or configure another name)");
        assertThat(aws.writes()).isEmpty();
    }

    @Test
    void aChangedPolicyIsPutBack() {
        ProvisioningConfig config = config(Map.of());
        provisioner(config, Optional.empty()).up();
        aws.users.get("smart-classroom-monitor").inline.put(ComputeResources.MONITOR_POLICY,
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sqs:*\",\"Resource\":\"*\"}]}");
        aws.roles.get("smart-classroom-face-recognition-role").trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
                + "\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
        aws.clearCalls();

        List<ResourceReport> up = provisioner(config, Optional.empty()).up();

        assertThat(up.get(1).line()).isEqualTo("role smart-classroom-face-recognition-role: updated: trust policy is not lambda.amazonaws.com");
        assertThat(up.get(3).line()).startsWith("user smart-classroom-monitor: updated: inline policy smart-classroom-monitor differs");
        assertThat(aws.writeActions()).containsExactly("UpdateAssumeRolePolicy", "PutUserPolicy");
        assertThat(provisioner(config, Optional.empty()).plan()).extracting(ResourceReport::outcome)
                .containsOnly(Outcome.NO_CHANGE, Outcome.UNMANAGED);
    }

    @Test
    void askingForARotationLeavesTheKeyToTheDeliveryAndTellsTheServerItsKeyIsStale() {
        ProvisioningConfig config = config(Map.of());
        MonitorKeys first = keys(false);
        provisioner(config, Optional.of(first)).up();
        String oldKey = first.createdInThisRun().orElseThrow().accessKeyId();
        assertThat(keys(false).staleReason(Optional.of(oldKey))).isEmpty();
        assertThat(keys(false).staleReason(Optional.empty())).isEmpty();
        aws.clearCalls();

        MonitorKeys rotating = keys(true);
        assertThat(rotating.staleReason(Optional.of(oldKey))).contains("its AWS access key " + oldKey + " is being rotated (--rotate-monitor-key)");
        List<ResourceReport> up = provisioner(config, Optional.of(rotating)).up();

        // The old key stays until the new one has been delivered and works (openstack's monitor-credentials line).
        assertThat(up.get(4).line()).startsWith("access-key smart-classroom-monitor: exists (" + oldKey)
                .endsWith("; rotation asked for: monitor-credentials replaces it once the new key works)");
        assertThat(aws.writeActions()).isEmpty();
        assertThat(rotating.createdInThisRun()).isEmpty();
        String newKey = rotating.create().accessKeyId();
        assertThat(rotating.staleReason(Optional.of(oldKey))).isEmpty();
        rotating.delete(oldKey);
        assertThat(rotating.staleReason(Optional.of(oldKey))).contains("its AWS access key " + oldKey
                + " is no longer an active key of IAM user smart-classroom-monitor");
        assertThat(rotating.staleReason(Optional.of(newKey))).isEmpty();
        assertThat(aws.users.get("smart-classroom-monitor").keys).extracting(FakeAws.AccessKey::id).containsExactly(newKey);
        assertThat(printed).extracting(ResourceReport::line).noneMatch(line -> aws.secrets().stream().anyMatch(line::contains));
    }

    @Test
    void withoutTheKeyOfThisRunTheServerCannotBeGivenOne() {
        provisioner(config(Map.of()), Optional.of(keys(false))).up();

        MonitorKeys later = keys(false);
        provisioner(config(Map.of()), Optional.of(later)).up();

        assertThat(later.createdInThisRun()).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(later::requireCreatedInThisRun)
                .hasMessageContaining("AKIAFAKEMONITOR00001 was made by an earlier up and AWS never returns a secret again")
                .hasMessageContaining("up --rotate-monitor-key");
    }

    @Test
    void onTheLocalCloudEachIsOneLineAndNothingIsAsked() {
        ProvisioningConfig local = config(Map.of(ConfigKey.LOCAL_CLOUD, "true", ConfigKey.FUNCTION_IMAGE_URI, IMAGE));

        new Provisioner(ComputeResources.of(local, clients, Optional.empty(), FAST), printed::add).up();

        assertThat(printed).extracting(ResourceReport::line).containsExactly(
                "ecr-repository smart-classroom-handler: not on the local cloud, which does not emulate ECR; nothing changed",
                "role smart-classroom-face-recognition-role: not on the local cloud, which does not emulate IAM; nothing changed",
                "function smart-classroom-face-recognition: not on the local cloud, which does not emulate Lambda (the demo"
                        + " runs the handler itself); nothing changed",
                "user smart-classroom-monitor: not on the local cloud, which does not emulate IAM; nothing changed");
        assertThat(aws.calls()).isEmpty();
    }

    private MonitorKeys keys(boolean rotate) {
        return new MonitorKeys(clients.iam().orElseThrow(), "smart-classroom-monitor", rotate);
    }

    private Provisioner provisioner(ProvisioningConfig config, Optional<MonitorKeys> keys) {
        printed.clear();
        return new Provisioner(ComputeResources.of(config, clients, keys, FAST), printed::add);
    }

    private static ProvisioningConfig config(Map<ConfigKey, String> overrides) {
        try {
            return new ProvisioningConfigLoader(Map.of()).load(Optional.empty(), new EnumMap<>(overrides.isEmpty()
                    ? Map.of(ConfigKey.REGION, "us-east-1") : withRegion(overrides)));
        } catch (io.smartclassroom.provisioning.config.ConfigException e) {
            throw new AssertionError(e);
        }
    }

    private static Map<ConfigKey, String> withRegion(Map<ConfigKey, String> overrides) {
        Map<ConfigKey, String> all = new EnumMap<>(overrides);
        all.put(ConfigKey.REGION, "us-east-1");
        return all;
    }
}
