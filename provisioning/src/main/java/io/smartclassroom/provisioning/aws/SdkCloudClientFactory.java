package io.smartclassroom.provisioning.aws;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.provisioning.config.ConfigException;
import io.smartclassroom.provisioning.config.ProvisioningConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Builds the clients from the SDK's own provider chains: endpoints from {@code AWS_ENDPOINT_URL[_S3|_SQS|_DYNAMODB]},
 * region from {@code AWS_REGION} or the profile (unless the configuration names one), credentials from the
 * default chain. S3 uses path-style requests when its endpoint is overridden (S3Proxy needs them).
 * With {@code --local-cloud} every endpoint must be overridden, there is no STS client, and the region and
 * credentials fall back to us-east-1 and {@code test}/{@code test} when the chains find none.
 */
public final class SdkCloudClientFactory implements CloudClientFactory {
    private static final List<String> SERVICES = List.of("S3", "SQS", "DYNAMODB");

    private final EndpointEnvironment endpoints;

    public SdkCloudClientFactory(Map<String, String> environment) {
        this.endpoints = new EndpointEnvironment(requireNonNull(environment, "environment"));
    }

    @Override
    public CloudClients open(ProvisioningConfig config) throws ConfigException {
        if (config.localCloud()) {
            List<String> missing = endpoints.notOverridden(SERVICES);
            if (!missing.isEmpty()) {
                throw new ConfigException("--local-cloud needs the local cloud's endpoints in the environment, but "
                        + String.join(", ", missing) + " (or " + EndpointEnvironment.GLOBAL + ") is not set");
            }
        }
        Optional<Region> region = region(config);
        AwsCredentialsProvider credentials = credentials(config.localCloud());
        var s3 = S3Client.builder()
                .credentialsProvider(credentials)
                .forcePathStyle(config.localCloud() || endpoints.isOverridden("S3"));
        var sqs = SqsClient.builder().credentialsProvider(credentials);
        var dynamoDb = DynamoDbClient.builder().credentialsProvider(credentials);
        region.ifPresent(value -> {
            s3.region(value);
            sqs.region(value);
            dynamoDb.region(value);
        });
        Optional<StsClient> sts = Optional.empty();
        if (!config.localCloud()) {
            var stsBuilder = StsClient.builder().credentialsProvider(credentials);
            region.ifPresent(stsBuilder::region);
            sts = Optional.of(stsBuilder.build());
        }
        return new CloudClients(s3.build(), sqs.build(), dynamoDb.build(), sts);
    }

    private static Optional<Region> region(ProvisioningConfig config) {
        if (config.region().isPresent()) {
            return config.region().map(Region::of);
        }
        if (config.localCloud()) {
            try {
                new DefaultAwsRegionProviderChain().getRegion();
            } catch (SdkClientException e) {
                return Optional.of(Region.US_EAST_1);
            }
        }
        return Optional.empty();
    }

    private static AwsCredentialsProvider credentials(boolean localCloud) {
        DefaultCredentialsProvider defaults = DefaultCredentialsProvider.builder().build();
        if (!localCloud) {
            return defaults;
        }
        return AwsCredentialsProviderChain.builder()
                .credentialsProviders(defaults, StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }
}
