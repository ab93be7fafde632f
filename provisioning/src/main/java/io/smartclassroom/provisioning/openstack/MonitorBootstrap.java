package io.smartclassroom.provisioning.openstack;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the AWS side hands the OpenStack side for the server's user-data: the request queue, the function to
 * invoke, the region and, optionally, where to download {@code monitor.jar} (e.g. a presigned S3 URL; else
 * {@link OpenStackSettings#monitorJar()} is used). It holds no credentials: those reach the server after boot over
 * SSH ({@link MonitorCredentialsInstaller}).
 */
public record MonitorBootstrap(
        String queueUrl, String functionName, String region, Optional<MonitorJar> jar) {

    // systemd EnvironmentFile values: no spaces, quotes, '$' or backslashes, so no quoting is needed.
    private static final Pattern ENV_VALUE = Pattern.compile("[A-Za-z0-9._:/@+,=-]+");

    public MonitorBootstrap {
        requireNonNull(queueUrl, "queueUrl");
        requireNonNull(functionName, "functionName");
        requireNonNull(region, "region");
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
