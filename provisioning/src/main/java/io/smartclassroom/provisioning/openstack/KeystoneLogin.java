package io.smartclassroom.provisioning.openstack;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smartclassroom.provisioning.ProvisioningException;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.api.client.IOSClientBuilder;
import org.openstack4j.api.exceptions.ResponseException;
import org.openstack4j.api.types.Facing;
import org.openstack4j.core.transport.Config;
import org.openstack4j.core.transport.HttpEntityHandler;
import org.openstack4j.core.transport.HttpMethod;
import org.openstack4j.core.transport.HttpRequest;
import org.openstack4j.core.transport.HttpResponse;
import org.openstack4j.core.transport.internal.HttpExecutor;
import org.openstack4j.model.common.Identifier;
import org.openstack4j.model.identity.v3.Project;
import org.openstack4j.openstack.OSFactory;
import org.openstack4j.openstack.identity.v3.domain.KeystoneToken;
import org.openstack4j.openstack.identity.v3.domain.TokenAuth;
import org.openstack4j.openstack.internal.OSClientSession.OSClientSessionV3;

/**
 * Gets a Keystone v3 token and an openstack4j client for it. Password authentication goes through openstack4j's
 * builder; application credentials, which openstack4j 3.12 does not know, through a token request built here
 * and then handed to openstack4j as an existing token.
 */
final class KeystoneLogin {
    private static final int CONNECT_TIMEOUT_MILLIS = 30_000;
    private static final int READ_TIMEOUT_MILLIS = 120_000;

    private KeystoneLogin() {}

    /** The transport configuration for {@code credentials}: timeouts and, if asked for, no TLS verification. */
    static Config config(OpenStackCredentials credentials) {
        Config config = Config.newConfig().withConnectionTimeout(CONNECT_TIMEOUT_MILLIS).withReadTimeout(READ_TIMEOUT_MILLIS);
        return credentials.verifyTls() ? config : config.withSSLVerificationDisabled();
    }

    /** Authenticates; openstack4j's exceptions pass through (the caller turns them into a one-line failure). */
    static OSClientV3 login(OpenStackCredentials credentials, Config config) {
        requireNonNull(credentials, "credentials");
        OSClientV3 client;
        if (credentials.auth() instanceof KeystoneAuth.Password password) {
            IOSClientBuilder.V3 builder = OSFactory.builderV3().endpoint(credentials.authUrl()).withConfig(config);
            if (password.user().isId()) {
                builder.credentials(password.user().value(), password.password());
            } else {
                builder.credentials(password.user().value(), password.password(), password.userDomain().toIdentifier());
            }
            if (password.project().isId()) {
                builder.scopeToProject(Identifier.byId(password.project().value()));
            } else {
                builder.scopeToProject(Identifier.byName(password.project().value()), password.projectDomain().toIdentifier());
            }
            client = builder.authenticate();
        } else {
            client = applicationCredentialLogin(credentials, (KeystoneAuth.ApplicationCredential) credentials.auth(), config);
        }
        credentials.region().ifPresent(client::useRegion);
        return client;
    }

    private static OSClientV3 applicationCredentialLogin(
            OpenStackCredentials credentials, KeystoneAuth.ApplicationCredential applicationCredential, Config config) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode body = json.createObjectNode();
        ObjectNode identity = body.putObject("auth").putObject("identity");
        identity.putArray("methods").add("application_credential");
        identity.putObject("application_credential")
                .put("id", applicationCredential.id())
                .put("secret", applicationCredential.secret());
        HttpRequest<KeystoneToken> request = HttpRequest.builder(KeystoneToken.class)
                .endpoint(credentials.authUrl())
                .method(HttpMethod.POST)
                .path("/auth/tokens")
                .config(config)
                .json(body.toString())
                .build();
        HttpResponse response = HttpExecutor.create().execute(request);
        if (response.getStatus() >= 400) {
            try {
                throw ResponseException.mapException(response);
            } finally {
                HttpEntityHandler.closeQuietly(response);
            }
        }
        KeystoneToken token = response.getEntity(KeystoneToken.class);
        token.setId(response.header("X-Subject-Token"));
        Project project = token.getProject();
        if (token.getId() == null || project == null) {
            throw new ProvisioningException("Keystone at " + credentials.authUrl()
                    + " returned no project-scoped token for the application credential");
        }
        // openstack4j re-authenticates an expired session with these: the token itself, for the same project.
        token = token.applyContext(credentials.authUrl(), new TokenAuth(token.getId(), project.getName(), project.getId()));
        return OSClientSessionV3.createSession(token, Facing.PUBLIC, null, config);
    }
}
