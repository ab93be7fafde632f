package io.smartclassroom.common;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the environment says about endpoint overrides. The SDK reads them itself; the modules only need
 * to know whether they are set (S3Proxy needs path-style requests; {@code --local-cloud} must not reach AWS).
 */
public final class EndpointEnvironment {
    public static final String GLOBAL = "AWS_ENDPOINT_URL";

    private final Map<String, String> environment;

    public EndpointEnvironment(Map<String, String> environment) {
        this.environment = Map.copyOf(requireNonNull(environment, "environment"));
    }

    /** Whether the SDK will send requests for the service (e.g. {@code S3}) to an overridden endpoint. */
    public boolean isOverridden(String service) {
        return isSet(GLOBAL + "_" + service) || isSet(GLOBAL);
    }

    /** The services among {@code services} whose endpoint is not overridden, by environment variable name. */
    public List<String> notOverridden(List<String> services) {
        List<String> missing = new ArrayList<>();
        for (String service : services) {
            if (!isOverridden(service)) {
                missing.add(GLOBAL + "_" + service);
            }
        }
        return missing;
    }

    /** Whether any of {@code services} is sent to an overridden endpoint. */
    public boolean anyOverridden(List<String> services) {
        return services.stream().anyMatch(this::isOverridden);
    }

    private boolean isSet(String variable) {
        String value = environment.get(variable);
        return value != null && !value.isBlank();
    }
}
