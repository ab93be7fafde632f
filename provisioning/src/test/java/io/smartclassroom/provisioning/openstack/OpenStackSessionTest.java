package io.smartclassroom.provisioning.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.smartclassroom.provisioning.ProvisioningException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openstack4j.api.OSClient.OSClientV3;

class OpenStackSessionTest {
    private static final String FLAVORS = "/compute/v2.1/flavors/detail";

    @Test
    void anApplicationCredentialGetsATokenThatTheApiCallsCarry() {
        try (FakeOpenStack fake = new FakeOpenStack()) {
            fake.on("GET", FLAVORS, 200, fake.resource("nova-flavors.json"));
            OpenStackSession session = new OpenStackSession(() -> new OpenStackCredentials(fake.authUrl(),
                    new KeystoneAuth.ApplicationCredential("21dced0fd20347869b93710d2b98aae0", "app-secret-value"),
                    Optional.empty(), true, "test"));

            OSClientV3 client = session.get();
            List<?> flavors = client.compute().flavors().list();

            assertThat(flavors).hasSize(2);
            JsonNode login = fake.calls("POST", "/identity/v3/auth/tokens").get(0).json().path("auth");
            assertThat(login.path("identity").path("methods").get(0).asText()).isEqualTo("application_credential");
            assertThat(login.path("identity").path("application_credential").path("id").asText())
                    .isEqualTo("21dced0fd20347869b93710d2b98aae0");
            assertThat(login.path("identity").path("application_credential").path("secret").asText()).isEqualTo("app-secret-value");
            assertThat(login.has("scope")).as("an application credential is bound to its project").isFalse();
            assertThat(fake.calls("GET", FLAVORS).get(0).token()).isEqualTo(FakeOpenStack.TOKEN);
            assertThat(client.getToken().getProject().getId()).isEqualTo(FakeOpenStack.PROJECT_ID);
        }
    }

    @Test
    void eachSessionKeepsTalkingToItsOwnCloudWhenAnotherTookOverTheThread() {
        try (FakeOpenStack first = new FakeOpenStack(); FakeOpenStack second = new FakeOpenStack()) {
            first.on("GET", FLAVORS, 200, first.resource("nova-flavors.json"));
            second.on("GET", FLAVORS, 200, second.resource("nova-flavors.json"));
            OpenStackSession one = CloudScenario.session(first);
            OpenStackSession two = CloudScenario.session(second);

            one.get().compute().flavors().list();
            two.get().compute().flavors().list();
            one.get().compute().flavors().list();

            assertThat(first.calls("GET", FLAVORS)).hasSize(2);
            assertThat(second.calls("GET", FLAVORS)).hasSize(1);
            assertThat(first.calls("POST", "/identity/v3/auth/tokens")).as("one login per session").hasSize(1);
        }
    }

    @Test
    void aSessionUsedFromAnotherThreadWorksThere() throws Exception {
        try (FakeOpenStack fake = new FakeOpenStack()) {
            fake.on("GET", FLAVORS, 200, fake.resource("nova-flavors.json"));
            OpenStackSession session = CloudScenario.session(fake);
            session.get();
            Throwable[] failure = new Throwable[1];
            Thread other = new Thread(() -> {
                try {
                    session.get().compute().flavors().list();
                } catch (Throwable e) {
                    failure[0] = e;
                }
            });
            other.start();
            other.join(10_000);

            assertThat(failure[0]).isNull();
            assertThat(fake.calls("GET", FLAVORS)).hasSize(1);
        }
    }

    @Test
    void unresolvableCredentialsFailOnceAndAreNotRetried() {
        int[] attempts = {0};
        OpenStackSession session = new OpenStackSession(() -> {
            attempts[0]++;
            return new OpenStackCredentialsResolver(Map.of(), List.of()).resolve(Optional.empty());
        });

        assertThatThrownBy(session::get).isInstanceOf(ProvisioningException.class).hasMessageContaining("no OpenStack credentials");
        assertThatThrownBy(session::get).isInstanceOf(ProvisioningException.class).hasMessageContaining("no OpenStack credentials");
        assertThat(attempts[0]).isEqualTo(1);
    }

    @Test
    void anUnreachableKeystoneIsAOneLineFailure() {
        String authUrl;
        try (FakeOpenStack fake = new FakeOpenStack()) {
            authUrl = fake.authUrl();
        }
        OpenStackSession session = new OpenStackSession(() -> new OpenStackCredentials(authUrl,
                new KeystoneAuth.Password(NameOrId.name("u"), NameOrId.id("default"), "p", NameOrId.name("p"), NameOrId.id("default")),
                Optional.empty(), true, "test"));

        assertThatThrownBy(session::get).isInstanceOf(ProvisioningException.class)
                .hasMessageStartingWith("OpenStack login to " + authUrl)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
