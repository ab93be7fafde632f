package io.smartclassroom.provisioning.config;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.common.ResourceNames;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What provisioning manages and how: resource names, queue attributes, the notification's key
 * suffixes, the student data and the encodings object.
 *
 * @param region the region to use, or empty for the SDK's region provider chain
 * @param studentsFile the student records to seed the table with
 * @param encodingsFile a local encodings file to upload, if any
 * @param encodingsLocation where the encodings object lives
 * @param ecrRepository the ECR repository of the handler image
 * @param function how the Lambda function is deployed
 * @param monitorUser the IAM user of the monitor
 * @param monitorJarFile the monitor.jar uploaded for the OpenStack server when no URL is configured
 * @param localCloud whether the endpoints are the project's local cloud
 * @param retentionDays days after which input videos and evidence images expire
 * @param alarmTopicArn the SNS topic the alarms notify, if any
 */
public record ProvisioningConfig(
        Optional<String> region,
        ResourceNames names,
        QueueSettings queueSettings,
        List<String> videoSuffixes,
        Path studentsFile,
        Optional<Path> encodingsFile,
        S3Location encodingsLocation,
        String ecrRepository,
        FunctionSettings function,
        String monitorUser,
        Path monitorJarFile,
        boolean localCloud,
        int retentionDays,
        Optional<String> alarmTopicArn) {
    private static final String OUTPUT_SUFFIX = "-output";

    public ProvisioningConfig {
        requireNonNull(region, "region");
        requireNonNull(names, "names");
        requireNonNull(queueSettings, "queueSettings");
        videoSuffixes = List.copyOf(requireNonNull(videoSuffixes, "videoSuffixes"));
        requireNonNull(studentsFile, "studentsFile");
        requireNonNull(encodingsFile, "encodingsFile");
        requireNonNull(encodingsLocation, "encodingsLocation");
        requireNonNull(ecrRepository, "ecrRepository");
        requireNonNull(function, "function");
        requireNonNull(monitorUser, "monitorUser");
        requireNonNull(monitorJarFile, "monitorJarFile");
        requireNonNull(alarmTopicArn, "alarmTopicArn");
        if (retentionDays < 1) {
            throw new IllegalArgumentException("retentionDays must be at least 1: " + retentionDays);
        }
    }

    /** Where the monitor.jar for the OpenStack server is uploaded: {@code s3://<output-bucket>/deploy/monitor.jar}. */
    public S3Location monitorJarLocation() {
        return new S3Location(names.outputBucket(), "deploy/monitor.jar");
    }

    /**
     * The default location of the encodings object: {@code encodings.json} in a bucket of its own, named after the
     * output bucket ({@code smart-classroom-output} -> {@code smart-classroom-encodings}; another name gets
     * {@code -encodings} appended), so that whoever may read the results may not read the students' faces.
     */
    public static S3Location defaultEncodingsLocation(String outputBucket) {
        requireNonNull(outputBucket, "outputBucket");
        String base = outputBucket.endsWith(OUTPUT_SUFFIX)
                ? outputBucket.substring(0, outputBucket.length() - OUTPUT_SUFFIX.length())
                : outputBucket;
        return new S3Location(base + "-encodings", "encodings.json");
    }
}
