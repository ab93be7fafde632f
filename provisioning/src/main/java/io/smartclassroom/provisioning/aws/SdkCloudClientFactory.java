package io.smartclassroom.provisioning.aws;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.common.EndpointEnvironment;
import io.smartclassroom.provisioning.config.ConfigException;
import io.smartclassroom.provisioning.config.ProvisioningConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Builds the clients from the SDK's own provider chains: endpoints from {@code AWS_ENDPOINT_URL[_S3|_SQS|_DYNAMODB]},
 * region from {@code AWS_REGION} or the profile (unless the configuration names one), credentials from the
 * default chain. S3 uses path-style requests when its endpoint is overridden (S3Proxy needs them).
 * Elsewhere it also builds the STS, IAM, ECR and Lambda clients (IAM is global: the SDK's endpoint rules send it
 * to the partition's IAM endpoint whatever the region); when some endpoints are overridden (an emulator such as
 * LocalStack), one of these whose endpoint is not ({@code AWS_ENDPOINT_URL_ECR}, ...) is left out instead of being
 * sent to AWS, and its resources say "no ... client here".
 * With {@code --local-cloud} every endpoint must be overridden, there are no STS, IAM, ECR or Lambda clients (the
 * local cloud does not emulate them), and the region and credentials fall back to us-east-1 and
 * {@code test}/{@code test} when the chains find none.
 */
public final class SdkCloudClientFactory implements CloudClientFactory {
    private static final Logger log = LoggerFactory.getLogger(SdkCloudClientFactory.class);
    private static final List<String> SERVICES = List.of("S3", "SQS", "DYNAMODB");
    private static final List<String> ALL_SERVICES = List.of("S3", "SQS", "DYNAMODB", "STS", "IAM", "ECR", "LAMBDA",
            "CLOUDWATCH");

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
        if (config.localCloud()) {
            return new CloudClients(s3.build(), sqs.build(), dynamoDb.build(), Optional.empty());
        }
        // With some endpoints overridden (an emulator such as LocalStack), a service whose endpoint is not is left out
        // rather than sent to AWS itself.
        boolean emulated = endpoints.anyOverridden(ALL_SERVICES);
        Optional<StsClient> sts = client(emulated, "STS", () -> {
            var builder = StsClient.builder().credentialsProvider(credentials);
            region.ifPresent(builder::region);
            return builder.build();
        });
        Optional<IamClient> iam = client(emulated, "IAM", () -> {
            var builder = IamClient.builder().credentialsProvider(credentials);
            region.ifPresent(builder::region);
            return builder.build();
        });
        Optional<EcrClient> ecr = client(emulated, "ECR", () -> {
            var builder = EcrClient.builder().credentialsProvider(credentials);
            region.ifPresent(builder::region);
            return builder.build();
        });
        Optional<LambdaClient> lambda = client(emulated, "LAMBDA", () -> {
            var builder = LambdaClient.builder().credentialsProvider(credentials);
            region.ifPresent(builder::region);
            return builder.build();
        });
        Optional<CloudWatchClient> cloudWatch = client(emulated, "CLOUDWATCH", () -> {
            var builder = CloudWatchClient.builder().credentialsProvider(credentials);
            region.ifPresent(builder::region);
            return builder.build();
        });
        return new CloudClients(s3.build(), sqs.build(), dynamoDb.build(), sts, iam, ecr, lambda, cloudWatch);
    }

    private <T> Optional<T> client(boolean emulated, String service, Supplier<T> build) {
        if (emulated && !endpoints.isOverridden(service)) {
            log.info("{}_{} is not set while other endpoints are overridden: {} is left out", EndpointEnvironment.GLOBAL,
                    service, service);
            return Optional.empty();
        }
        return Optional.of(build.get());
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
