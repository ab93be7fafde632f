package io.smartclassroom.provisioning.openstack;

import io.smartclassroom.provisioning.ProvisioningException;
import java.util.function.Supplier;
import org.openstack4j.api.exceptions.OS4JException;
import org.openstack4j.api.exceptions.ResponseException;
import org.openstack4j.model.common.ActionResponse;

/** Turns openstack4j's failures into one-line {@link ProvisioningException}s that say what was being done. */
final class OpenStackErrors {
    private OpenStackErrors() {}

    /** Runs {@code call}; an openstack4j failure becomes "{@code what} failed: reason". */
    static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (OS4JException e) {
            throw new ProvisioningException(what + " failed: " + describe(e), e);
        }
    }

    /** Fails unless {@code response} succeeded; {@code notFoundIsSuccess} for deletes of what may be gone already. */
    static void check(String what, ActionResponse response, boolean notFoundIsSuccess) {
        if (response == null || response.isSuccess() || (notFoundIsSuccess && response.getCode() == 404)) {
            return;
        }
        throw new ProvisioningException(what + " failed: " + oneLine(String.valueOf(response.getFault()))
                + " (HTTP " + response.getCode() + ")");
    }

    static String describe(OS4JException e) {
        String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof ResponseException response && response.getStatus() > 0 && !message.contains("" + response.getStatus())) {
            message += " (HTTP " + response.getStatus() + ")";
        }
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())) {
            message += ": " + cause.getMessage();
        }
        return oneLine(message);
    }

    static String oneLine(String text) {
        return text.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
