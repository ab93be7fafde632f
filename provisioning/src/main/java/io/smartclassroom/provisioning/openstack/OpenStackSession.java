package io.smartclassroom.provisioning.openstack;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.provisioning.ProvisioningException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.api.exceptions.OS4JException;
import org.openstack4j.api.types.Facing;
import org.openstack4j.core.transport.Config;
import org.openstack4j.openstack.OSFactory;
import org.openstack4j.openstack.internal.OSClientSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An authenticated openstack4j client, logged in on first use. A failed login is remembered and reported again
 * rather than retried, so that one bad password gives one Keystone request.
 *
 * <p>openstack4j keeps "the current session" per thread and its services act on that, not on the client object
 * they were reached through; {@link #get()} therefore makes this session the current one of the calling thread
 * (from the token, without logging in again) whenever another session or thread took over.
 */
public final class OpenStackSession implements Supplier<OSClientV3> {
    private static final Logger log = LoggerFactory.getLogger(OpenStackSession.class);

    private final Supplier<OpenStackCredentials> credentials;
    private OSClientV3 client;
    private Config config;
    private Optional<String> region = Optional.empty();
    private ProvisioningException failure;

    /** @param credentials resolved on first use, so that a missing clouds.yaml fails the OpenStack lines only */
    public OpenStackSession(Supplier<OpenStackCredentials> credentials) {
        this.credentials = requireNonNull(credentials, "credentials");
    }

    /** Credentials from clouds.yaml or the {@code OS_*} variables of {@code environment}; see {@link OpenStackCredentialsResolver}. */
    public static OpenStackSession fromEnvironment(Map<String, String> environment, Optional<String> cloud) {
        OpenStackCredentialsResolver resolver = OpenStackCredentialsResolver.standard(environment);
        return new OpenStackSession(() -> resolver.resolve(cloud));
    }

    @Override
    public synchronized OSClientV3 get() {
        if (failure != null) {
            throw failure;
        }
        if (client == null) {
            OpenStackCredentials resolved;
            try {
                resolved = credentials.get();
            } catch (ProvisioningException e) {
                failure = e;
                throw e;
            }
            try {
                config = KeystoneLogin.config(resolved);
                client = KeystoneLogin.login(resolved, config);
                region = resolved.region();
                log.info("logged in to Keystone {} ({}), project {}", resolved.authUrl(), resolved.source(),
                        client.getToken().getProject() == null ? "?" : client.getToken().getProject().getName());
            } catch (OS4JException e) {
                failure = new ProvisioningException("OpenStack login to " + resolved.authUrl() + " with the " + resolved.source()
                        + " failed: " + OpenStackErrors.describe(e), e);
                throw failure;
            }
        }
        if (OSClientSession.getCurrent() != client) {
            client = OSFactory.clientFromToken(client.getToken(), Facing.PUBLIC, config);
            region.ifPresent(client::useRegion);
        }
        return client;
    }
}
