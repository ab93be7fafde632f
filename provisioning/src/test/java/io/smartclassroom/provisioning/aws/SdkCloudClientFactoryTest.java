package io.smartclassroom.provisioning.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartclassroom.provisioning.config.ConfigKey;
import io.smartclassroom.provisioning.config.ProvisioningConfig;
import io.smartclassroom.provisioning.config.ProvisioningConfigLoader;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which clients the real factory builds (building them calls nothing; the SDK itself reads the real environment). */
class SdkCloudClientFactoryTest {
    private static final String EMULATOR = "http://127.0.0.1:4566";

    @Test
    void withEveryEndpointAtAwsEveryClientIsBuilt() throws Exception {
        try (CloudClients clients = new SdkCloudClientFactory(Map.of()).open(config(false))) {
            assertThat(clients.sts()).isPresent();
            assertThat(clients.iam()).isPresent();
            assertThat(clients.ecr()).isPresent();
            assertThat(clients.lambda()).isPresent();
            assertThat(clients.region()).hasValueSatisfying(region -> assertThat(region.id()).isEqualTo("eu-west-1"));
        }
    }

    @Test
    void aServiceWithoutAnEndpointOfItsOwnBesideAnEmulatorIsLeftOutInsteadOfReachingAws() throws Exception {
        Map<String, String> localStack = Map.of(
                "AWS_ENDPOINT_URL_S3", EMULATOR, "AWS_ENDPOINT_URL_SQS", EMULATOR, "AWS_ENDPOINT_URL_DYNAMODB", EMULATOR,
                "AWS_ENDPOINT_URL_STS", EMULATOR, "AWS_ENDPOINT_URL_IAM", EMULATOR);

        try (CloudClients clients = new SdkCloudClientFactory(localStack).open(config(false))) {
            assertThat(clients.sts()).isPresent();
            assertThat(clients.iam()).isPresent();
            assertThat(clients.ecr()).isEmpty();
            assertThat(clients.lambda()).isEmpty();
        }
        try (CloudClients clients = new SdkCloudClientFactory(Map.of("AWS_ENDPOINT_URL", EMULATOR)).open(config(false))) {
            assertThat(clients.ecr()).isPresent();
            assertThat(clients.lambda()).isPresent();
        }
    }

    @Test
    void theLocalCloudHasNeitherStsNorIamNorEcrNorLambda() throws Exception {
        Map<String, String> localCloud = Map.of("AWS_ENDPOINT_URL", EMULATOR);

        try (CloudClients clients = new SdkCloudClientFactory(localCloud).open(config(true))) {
            assertThat(clients.sts()).isEmpty();
            assertThat(clients.iam()).isEmpty();
            assertThat(clients.ecr()).isEmpty();
            assertThat(clients.lambda()).isEmpty();
        }
    }

    private static ProvisioningConfig config(boolean localCloud) throws Exception {
        return new ProvisioningConfigLoader(Map.of()).load(Optional.empty(),
                Map.of(ConfigKey.REGION, "eu-west-1", ConfigKey.LOCAL_CLOUD, Boolean.toString(localCloud)));
    }
}
