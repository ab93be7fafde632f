package io.smartclassroom.provisioning.aws;

import io.smartclassroom.provisioning.config.ConfigException;
import io.smartclassroom.provisioning.config.ProvisioningConfig;

/** Builds the clients a command uses; tests point them at an emulator. */
@FunctionalInterface
public interface CloudClientFactory {
    CloudClients open(ProvisioningConfig config) throws ConfigException;
}
