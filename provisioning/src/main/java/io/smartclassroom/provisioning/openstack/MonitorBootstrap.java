package io.smartclassroom.provisioning.openstack;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the AWS side hands the OpenStack side so that the monitor on the server can run: the request queue,
 * the function to invoke, the region, the monitor's own credentials and, optionally, where to download
 * {@code monitor.jar} (e.g. a presigned S3 URL; else {@link OpenStackSettings#monitorJar()} is used).
 *
 * <p>It is asked for only when a server is created, so a second {@code up} with everything in place needs no
 * credentials.
 */
public record MonitorBootstrap(
        String queueUrl, String functionName, String region, AwsAccessKey credentials, Optional<MonitorJar> jar) {

    // systemd EnvironmentFile values: no spaces, quotes, '$' or backslashes, so no quoting is needed.
    private static final Pattern ENV_VALUE = Pattern.compile("[A-Za-z0-9._:/@+,=-]+");

    public MonitorBootstrap {
        requireNonNull(queueUrl, "queueUrl");
        requireNonNull(functionName, "functionName");
        requireNonNull(region, "region");
        requireNonNull(credentials, "credentials");
        requireNonNull(jar, "jar");
        requireEnvValue("queue URL", queueUrl);
        requireEnvValue("function name", functionName);
        requireEnvValue("region", region);
    }

    private static void requireEnvValue(String what, String value) {
        if (!ENV_VALUE.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " '" + value + "' has characters an environment file cannot hold"
                    + " unquoted (allowed: A-Z a-z 0-9 . _ : / @ + , = -)");
        }
    }
}
