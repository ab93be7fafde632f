package io.smartclassroom.provisioning.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smartclassroom.provisioning.ProvisioningException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenStackCredentialsResolverTest {
    private static final String CLOUDS = """
            clouds:
              classroom:
                auth:
                  auth_url: https://keystone.example.edu:5000
                  username: teacher
                  project_name: classroom
                  user_domain_name: Users
                  project_domain_id: 8a3f1c
                region_name: RegionTwo
                interface: public
                identity_api_version: 3
              lab:
                auth_type: v3applicationcredential
                auth:
                  auth_url: https://keystone.lab.example.edu/identity/v3/
                  application_credential_id: 21dced0fd20347869b93710d2b98aae0
                  application_credential_secret: app-secret-value
                verify: false
              legacy:
                auth:
                  auth_url: https://old.example.edu:5000/v2.0
                  username: u
                  password: p
                  tenant_name: t
            """;

    @TempDir
    Path dir;

    private OpenStackCredentialsResolver resolver(Map<String, String> environment) throws Exception {
        Path clouds = dir.resolve("clouds.yaml");
        Files.writeString(clouds, CLOUDS);
        return new OpenStackCredentialsResolver(environment, List.of(dir.resolve("missing.yaml"), clouds));
    }

    @Test
    void theCloudNamedByOsCloudIsReadWithItsPasswordFromTheEnvironment() throws Exception {
        OpenStackCredentials credentials = resolver(Map.of("OS_CLOUD", "classroom", "OS_PASSWORD", "from-env",
                "OS_USERNAME", "someone-else", "OS_REGION_NAME", "RegionOne")).resolve(Optional.empty());

        assertThat(credentials.authUrl()).isEqualTo("https://keystone.example.edu:5000/v3");
        assertThat(credentials.region()).contains("RegionTwo");
        assertThat(credentials.verifyTls()).isTrue();
        assertThat(credentials.source()).contains("cloud 'classroom'").contains("clouds.yaml");
        KeystoneAuth.Password password = (KeystoneAuth.Password) credentials.auth();
        assertThat(password.user()).isEqualTo(NameOrId.name("teacher"));
        assertThat(password.password()).isEqualTo("from-env");
        assertThat(password.userDomain()).isEqualTo(NameOrId.name("Users"));
        assertThat(password.project()).isEqualTo(NameOrId.name("classroom"));
        assertThat(password.projectDomain()).isEqualTo(NameOrId.id("8a3f1c"));
        assertThat(credentials.toString()).doesNotContain("from-env");
    }

    @Test
    void secureYamlNextToCloudsYamlSuppliesThePassword() throws Exception {
        Files.writeString(dir.resolve("secure.yaml"), "clouds:\n  classroom:\n    auth:\n      password: from-secure-yaml\n");

        OpenStackCredentials credentials = resolver(Map.of("OS_PASSWORD", "from-env")).resolve(Optional.of("classroom"));

        assertThat(((KeystoneAuth.Password) credentials.auth()).password()).isEqualTo("from-secure-yaml");
        assertThat(((KeystoneAuth.Password) credentials.auth()).user()).isEqualTo(NameOrId.name("teacher"));
    }

    @Test
    void theConfiguredCloudWinsOverOsCloud() throws Exception {
        OpenStackCredentials credentials = resolver(Map.of("OS_CLOUD", "classroom")).resolve(Optional.of("lab"));

        assertThat(credentials.authUrl()).isEqualTo("https://keystone.lab.example.edu/identity/v3");
        assertThat(credentials.auth()).isEqualTo(
                new KeystoneAuth.ApplicationCredential("21dced0fd20347869b93710d2b98aae0", "app-secret-value"));
        assertThat(credentials.auth().toString()).doesNotContain("app-secret-value");
        assertThat(credentials.verifyTls()).isFalse();
        assertThat(credentials.region()).isEmpty();
    }

    @Test
    void theOsVariablesAloneAreEnough() throws Exception {
        OpenStackCredentials credentials = resolver(Map.of(
                "OS_AUTH_URL", "http://10.0.0.5/identity",
                "OS_USERNAME", "admin",
                "OS_PASSWORD", "devstack",
                "OS_PROJECT_NAME", "demo",
                "OS_USER_DOMAIN_NAME", "Default",
                "OS_PROJECT_DOMAIN_ID", "default",
                "OS_REGION_NAME", "RegionOne")).resolve(Optional.empty());

        assertThat(credentials.authUrl()).isEqualTo("http://10.0.0.5/identity/v3");
        assertThat(credentials.auth()).isEqualTo(new KeystoneAuth.Password(NameOrId.name("admin"), NameOrId.name("Default"),
                "devstack", NameOrId.name("demo"), NameOrId.id("default")));
        assertThat(credentials.region()).contains("RegionOne");
        assertThat(credentials.source()).isEqualTo("OS_* environment variables");
    }

    @Test
    void applicationCredentialVariablesNeedNoUserOrProject() throws Exception {
        OpenStackCredentials credentials = resolver(Map.of(
                "OS_AUTH_URL", "https://keystone.example.edu:5000/v3",
                "OS_AUTH_TYPE", "v3applicationcredential",
                "OS_APPLICATION_CREDENTIAL_ID", "abc123",
                "OS_APPLICATION_CREDENTIAL_SECRET", "s3cr3t")).resolve(Optional.empty());

        assertThat(credentials.auth()).isEqualTo(new KeystoneAuth.ApplicationCredential("abc123", "s3cr3t"));
    }

    @Test
    void domainsDefaultToTheDefaultDomainById() throws Exception {
        OpenStackCredentials credentials = resolver(Map.of("OS_AUTH_URL", "https://k/v3", "OS_USERNAME", "u",
                "OS_PASSWORD", "p", "OS_PROJECT_ID", "0c4e939a")).resolve(Optional.empty());

        KeystoneAuth.Password password = (KeystoneAuth.Password) credentials.auth();
        assertThat(password.userDomain()).isEqualTo(NameOrId.id("default"));
        assertThat(password.project()).isEqualTo(NameOrId.id("0c4e939a"));
    }

    @Test
    void whatIsMissingIsNamedWithItsVariable() throws Exception {
        assertThatThrownBy(() -> resolver(Map.of("OS_CLOUD", "classroom")).resolve(Optional.empty()))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("cloud 'classroom'").hasMessageContaining("lacks password (OS_PASSWORD)");
        assertThatThrownBy(() -> resolver(Map.of()).resolve(Optional.empty()))
                .hasMessageContaining("no OpenStack credentials").hasMessageContaining("OS_CLOUD").hasMessageContaining("OS_AUTH_URL");
        assertThatThrownBy(() -> resolver(Map.of("OS_CLOUD", "nope")).resolve(Optional.empty()))
                .hasMessageContaining("'nope' is not in").hasMessageContaining("classroom, lab, legacy");
        assertThatThrownBy(() -> resolver(Map.of()).resolve(Optional.of("legacy")))
                .hasMessageContaining("Keystone v2 endpoint");
    }

    @Test
    void noCloudsYamlWhenACloudIsNamedIsAnError() {
        OpenStackCredentialsResolver resolver = new OpenStackCredentialsResolver(Map.of("OS_CLOUD", "classroom"),
                List.of(dir.resolve("a/clouds.yaml"), dir.resolve("b/clouds.yaml")));

        assertThatThrownBy(() -> resolver.resolve(Optional.empty()))
                .hasMessageContaining("no clouds.yaml was found").hasMessageContaining(dir.resolve("b/clouds.yaml").toString());
    }

    @Test
    void aBrokenCloudsYamlIsReportedWithItsName() throws Exception {
        Path clouds = dir.resolve("clouds.yaml");
        Files.writeString(clouds, "clouds:\n  classroom: [unclosed\n");
        OpenStackCredentialsResolver resolver = new OpenStackCredentialsResolver(Map.of(), List.of(clouds));

        assertThatThrownBy(() -> resolver.resolve(Optional.of("classroom")))
                .isInstanceOf(ProvisioningException.class).hasMessageContaining("cannot parse " + clouds);
    }

    @Test
    void theStandardSearchPathHonoursTheClientConfigFileAndXdgConfigHome() throws Exception {
        Path explicit = dir.resolve("explicit.yaml");
        Files.writeString(explicit, "clouds:\n  x:\n    auth:\n      auth_url: https://explicit/v3\n"
                + "      username: u\n      password: p\n      project_name: p\n");
        OpenStackCredentials fromExplicit = OpenStackCredentialsResolver.standard(
                Map.of("OS_CLIENT_CONFIG_FILE", explicit.toString(), "OS_CLOUD", "x")).resolve(Optional.empty());
        assertThat(fromExplicit.authUrl()).isEqualTo("https://explicit/v3");

        Path xdg = dir.resolve("xdg");
        Files.createDirectories(xdg.resolve("openstack"));
        Files.writeString(xdg.resolve("openstack/clouds.yaml"), CLOUDS);
        OpenStackCredentials fromXdg = OpenStackCredentialsResolver.standard(
                Map.of("XDG_CONFIG_HOME", xdg.toString(), "OS_CLOUD", "lab")).resolve(Optional.empty());
        assertThat(fromXdg.authUrl()).isEqualTo("https://keystone.lab.example.edu/identity/v3");
    }
}
