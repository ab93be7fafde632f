package io.smartclassroom.provisioning.openstack;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.smartclassroom.provisioning.ProvisioningException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the Keystone v3 credentials the way the OpenStack command-line tools do:
 * <ul>
 *   <li>with a cloud name (the {@code openstack.cloud} setting, else {@code OS_CLOUD}): that cloud of the first
 *       {@code clouds.yaml} found in {@code $OS_CLIENT_CONFIG_FILE}, {@code ./clouds.yaml},
 *       {@code ~/.config/openstack/clouds.yaml}, {@code /etc/openstack/clouds.yaml}, merged with the same cloud
 *       of a {@code secure.yaml} next to it; only {@code OS_PASSWORD}, {@code OS_APPLICATION_CREDENTIAL_SECRET}
 *       and {@code OS_REGION_NAME} fill what the files leave out (a clouds.yaml downloaded from Horizon has no
 *       password), so that variables meant for another cloud do not mix in;</li>
 *   <li>without one: the {@code OS_*} variables ({@code OS_AUTH_URL}, {@code OS_USERNAME}, {@code OS_PASSWORD},
 *       {@code OS_PROJECT_NAME}, {@code OS_USER_DOMAIN_NAME}, {@code OS_PROJECT_DOMAIN_NAME},
 *       {@code OS_REGION_NAME}, or {@code OS_APPLICATION_CREDENTIAL_ID} and {@code OS_APPLICATION_CREDENTIAL_SECRET}).</li>
 * </ul>
 * Password and application-credential authentication are supported; domains default to the id {@code default}.
 */
public final class OpenStackCredentialsResolver {
    private static final Logger log = LoggerFactory.getLogger(OpenStackCredentialsResolver.class);

    /** clouds.yaml keys (auth.* flattened) and the variables that fill them. */
    private static final Map<String, List<String>> VARIABLES = variables();
    private static final Set<String> GAPS_FILLED_FROM_ENVIRONMENT =
            Set.of("password", "application_credential_secret", "region_name");

    private final Map<String, String> environment;
    private final List<Path> cloudsFiles;

    /**
     * @param cloudsFiles the clouds.yaml candidates in order; the first that exists is used
     */
    public OpenStackCredentialsResolver(Map<String, String> environment, List<Path> cloudsFiles) {
        this.environment = Map.copyOf(requireNonNull(environment, "environment"));
        this.cloudsFiles = List.copyOf(requireNonNull(cloudsFiles, "cloudsFiles"));
    }

    /** The standard search path, honouring {@code OS_CLIENT_CONFIG_FILE}, {@code XDG_CONFIG_HOME} and {@code HOME}. */
    public static OpenStackCredentialsResolver standard(Map<String, String> environment) {
        List<Path> files = new ArrayList<>();
        Optional.ofNullable(environment.get("OS_CLIENT_CONFIG_FILE")).filter(s -> !s.isBlank()).map(Path::of).ifPresent(files::add);
        files.add(Path.of("clouds.yaml"));
        String home = Optional.ofNullable(environment.get("HOME")).orElse(System.getProperty("user.home"));
        Path configHome = Optional.ofNullable(environment.get("XDG_CONFIG_HOME")).filter(s -> !s.isBlank())
                .map(Path::of).orElse(Path.of(home, ".config"));
        files.add(configHome.resolve("openstack").resolve("clouds.yaml"));
        files.add(Path.of("/etc/openstack/clouds.yaml"));
        return new OpenStackCredentialsResolver(environment, files);
    }

    /**
     * @param configuredCloud the cloud named in the settings; wins over {@code OS_CLOUD}
     * @throws ProvisioningException when no usable credentials are found; the message says what is missing
     */
    public OpenStackCredentials resolve(Optional<String> configuredCloud) {
        requireNonNull(configuredCloud, "configuredCloud");
        Optional<String> cloud = configuredCloud.filter(s -> !s.isBlank())
                .or(() -> Optional.ofNullable(environment.get("OS_CLOUD")).filter(s -> !s.isBlank()));
        Map<String, String> values = new LinkedHashMap<>();
        String source;
        if (cloud.isPresent()) {
            Path file = cloudsFiles.stream().filter(Files::isRegularFile).findFirst().orElseThrow(() ->
                    new ProvisioningException("OpenStack cloud '" + cloud.get() + "' is selected but no clouds.yaml was found"
                            + " (searched " + cloudsFiles + ")"));
            ObjectNode entry = cloudEntry(file, cloud.get());
            Path secure = file.resolveSibling("secure.yaml");
            if (Files.isRegularFile(secure)) {
                optionalCloudEntry(secure, cloud.get()).ifPresent(secret -> merge(entry, secret));
            }
            flatten(entry, values);
            source = "cloud '" + cloud.get() + "' of " + file;
            fillFromEnvironment(values, GAPS_FILLED_FROM_ENVIRONMENT);
        } else {
            fillFromEnvironment(values, VARIABLES.keySet());
            source = "OS_* environment variables";
            if (!values.containsKey("auth_url")) {
                throw new ProvisioningException("no OpenStack credentials: set openstack.cloud or OS_CLOUD to a cloud in"
                        + " clouds.yaml (searched " + cloudsFiles + "), or set OS_AUTH_URL, OS_USERNAME, OS_PASSWORD,"
                        + " OS_PROJECT_NAME (or OS_APPLICATION_CREDENTIAL_ID and OS_APPLICATION_CREDENTIAL_SECRET)");
            }
        }
        return credentials(values, source);
    }

    private OpenStackCredentials credentials(Map<String, String> values, String source) {
        Optional<String> apiVersion = get(values, "identity_api_version");
        if (apiVersion.isPresent() && !apiVersion.get().equals("3") && !apiVersion.get().startsWith("3.")) {
            throw new ProvisioningException(source + ": identity_api_version " + apiVersion.get()
                    + " is not supported; only Keystone v3 is");
        }
        String authUrl = keystoneV3Url(require(values, "auth_url", source), source);
        String authType = get(values, "auth_type").orElse(
                values.containsKey("application_credential_id") ? "v3applicationcredential" : "password")
                .toLowerCase(Locale.ROOT);
        KeystoneAuth auth = switch (authType) {
            case "password", "v3password" -> password(values, source);
            case "v3applicationcredential", "applicationcredential", "application_credential" -> {
                if (values.containsKey("application_credential_name") && !values.containsKey("application_credential_id")) {
                    throw new ProvisioningException(source + ": application credentials by name are not supported;"
                            + " give application_credential_id");
                }
                yield new KeystoneAuth.ApplicationCredential(
                        require(values, "application_credential_id", source),
                        require(values, "application_credential_secret", source));
            }
            default -> throw new ProvisioningException(source + ": auth_type " + authType
                    + " is not supported (password or v3applicationcredential)");
        };
        boolean verify = get(values, "verify").map(v -> !v.equalsIgnoreCase("false")).orElse(true)
                && !get(values, "insecure").map(v -> v.equalsIgnoreCase("true")).orElse(false);
        get(values, "cacert").ifPresent(cacert -> log.warn("{}: cacert {} is not applied by this tool; if the"
                + " Keystone certificate is not trusted by Java, import the CA into a truststore and run with"
                + " -Djavax.net.ssl.trustStore=...", source, cacert));
        get(values, "interface").filter(i -> !i.equalsIgnoreCase("public")).ifPresent(i -> log.warn(
                "{}: interface {} is ignored; the public endpoints are used", source, i));
        return new OpenStackCredentials(authUrl, auth, get(values, "region_name"), verify, source);
    }

    private static KeystoneAuth.Password password(Map<String, String> values, String source) {
        NameOrId user = get(values, "user_id").map(NameOrId::id)
                .or(() -> get(values, "username").map(NameOrId::name))
                .orElseThrow(() -> missing(source, "username (or user_id)"));
        NameOrId project = get(values, "project_id").map(NameOrId::id)
                .or(() -> get(values, "project_name").map(NameOrId::name))
                .orElseThrow(() -> missing(source, "project_name (or project_id)"));
        NameOrId defaultDomain = get(values, "default_domain_id").map(NameOrId::id)
                .or(() -> get(values, "default_domain_name").map(NameOrId::name))
                .orElse(NameOrId.id("default"));
        NameOrId userDomain = get(values, "user_domain_id").map(NameOrId::id)
                .or(() -> get(values, "user_domain_name").map(NameOrId::name))
                .orElse(defaultDomain);
        NameOrId projectDomain = get(values, "project_domain_id").map(NameOrId::id)
                .or(() -> get(values, "project_domain_name").map(NameOrId::name))
                .orElse(defaultDomain);
        return new KeystoneAuth.Password(user, userDomain, require(values, "password", source), project, projectDomain);
    }

    /** {@code https://keystone:5000} and {@code https://keystone:5000/v3/} both become {@code https://keystone:5000/v3}. */
    static String keystoneV3Url(String authUrl, String source) {
        String url = authUrl.strip();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new ProvisioningException(source + ": auth_url '" + authUrl + "' is not an http(s) URL");
        }
        if (url.matches(".*/v2(\\.0)?")) {
            throw new ProvisioningException(source + ": auth_url " + authUrl + " is a Keystone v2 endpoint; use the v3 one");
        }
        return url.endsWith("/v3") ? url : url + "/v3";
    }

    private void fillFromEnvironment(Map<String, String> values, Set<String> keys) {
        VARIABLES.forEach((key, variables) -> {
            if (!keys.contains(key) || values.containsKey(key)) {
                return;
            }
            for (String variable : variables) {
                String value = environment.get(variable);
                if (value != null && !value.isBlank()) {
                    values.put(key, value.strip());
                    return;
                }
            }
        });
    }

    private static ObjectNode cloudEntry(Path file, String cloud) {
        return optionalCloudEntry(file, cloud).orElseThrow(() -> {
            JsonNode clouds = read(file).path("clouds");
            List<String> names = new ArrayList<>();
            clouds.fieldNames().forEachRemaining(names::add);
            return new ProvisioningException("OpenStack cloud '" + cloud + "' is not in " + file
                    + (names.isEmpty() ? " (it defines no clouds)" : " (it defines " + String.join(", ", names) + ")"));
        });
    }

    private static Optional<ObjectNode> optionalCloudEntry(Path file, String cloud) {
        JsonNode entry = read(file).path("clouds").path(cloud);
        if (entry.isMissingNode() || entry.isNull()) {
            return Optional.empty();
        }
        if (!entry.isObject()) {
            throw new ProvisioningException("cloud '" + cloud + "' in " + file + " is not a mapping");
        }
        return Optional.of((ObjectNode) entry);
    }

    private static JsonNode read(Path file) {
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
            if (root == null || !root.isObject()) {
                throw new ProvisioningException(file + " is not a YAML mapping with a 'clouds' key");
            }
            return root;
        } catch (JacksonException e) {
            throw new ProvisioningException("cannot parse " + file + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ProvisioningException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Deep-merges {@code overlay} into {@code base} (secure.yaml over clouds.yaml). */
    private static void merge(ObjectNode base, ObjectNode overlay) {
        for (Map.Entry<String, JsonNode> field : overlay.properties()) {
            JsonNode existing = base.get(field.getKey());
            if (existing instanceof ObjectNode existingObject && field.getValue() instanceof ObjectNode overlayObject) {
                merge(existingObject, overlayObject);
            } else {
                base.set(field.getKey(), field.getValue());
            }
        }
    }

    /** The cloud's scalar settings, with those under {@code auth} lifted to the top level. */
    private static void flatten(ObjectNode entry, Map<String, String> values) {
        entry.properties().forEach(field -> {
            if (field.getValue().isValueNode() && !field.getValue().isNull()) {
                values.put(field.getKey(), field.getValue().asText());
            }
        });
        entry.path("auth").properties().forEach(field -> {
            if (field.getValue().isValueNode() && !field.getValue().isNull()) {
                values.put(field.getKey(), field.getValue().asText());
            }
        });
        values.entrySet().removeIf(value -> value.getValue().isBlank());
        // Keystone v2 names some clouds.yaml files still use.
        if (values.containsKey("tenant_name")) {
            values.putIfAbsent("project_name", values.remove("tenant_name"));
        }
        if (values.containsKey("tenant_id")) {
            values.putIfAbsent("project_id", values.remove("tenant_id"));
        }
    }

    private static Optional<String> get(Map<String, String> values, String key) {
        return Optional.ofNullable(values.get(key));
    }

    private static String require(Map<String, String> values, String key, String source) {
        return get(values, key).orElseThrow(() -> missing(source, key));
    }

    private static ProvisioningException missing(String source, String key) {
        String variables = VARIABLES.getOrDefault(key.replaceAll(" .*", ""), List.of()).stream().collect(Collectors.joining(" or "));
        return new ProvisioningException(source + " lacks " + key + (variables.isEmpty() ? "" : " (" + variables + ")"));
    }

    private static Map<String, List<String>> variables() {
        Map<String, List<String>> variables = new LinkedHashMap<>();
        variables.put("auth_url", List.of("OS_AUTH_URL"));
        variables.put("auth_type", List.of("OS_AUTH_TYPE"));
        variables.put("username", List.of("OS_USERNAME"));
        variables.put("user_id", List.of("OS_USER_ID"));
        variables.put("password", List.of("OS_PASSWORD"));
        variables.put("project_name", List.of("OS_PROJECT_NAME", "OS_TENANT_NAME"));
        variables.put("project_id", List.of("OS_PROJECT_ID", "OS_TENANT_ID"));
        variables.put("user_domain_name", List.of("OS_USER_DOMAIN_NAME"));
        variables.put("user_domain_id", List.of("OS_USER_DOMAIN_ID"));
        variables.put("project_domain_name", List.of("OS_PROJECT_DOMAIN_NAME"));
        variables.put("project_domain_id", List.of("OS_PROJECT_DOMAIN_ID"));
        variables.put("default_domain_name", List.of("OS_DEFAULT_DOMAIN_NAME"));
        variables.put("default_domain_id", List.of("OS_DEFAULT_DOMAIN_ID", "OS_DEFAULT_DOMAIN"));
        variables.put("region_name", List.of("OS_REGION_NAME"));
        variables.put("interface", List.of("OS_INTERFACE"));
        variables.put("identity_api_version", List.of("OS_IDENTITY_API_VERSION"));
        variables.put("application_credential_id", List.of("OS_APPLICATION_CREDENTIAL_ID"));
        variables.put("application_credential_secret", List.of("OS_APPLICATION_CREDENTIAL_SECRET"));
        variables.put("application_credential_name", List.of("OS_APPLICATION_CREDENTIAL_NAME"));
        variables.put("cacert", List.of("OS_CACERT"));
        variables.put("insecure", List.of("OS_INSECURE"));
        return Map.copyOf(variables);
    }
}
