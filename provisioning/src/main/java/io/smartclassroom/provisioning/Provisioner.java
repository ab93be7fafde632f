package io.smartclassroom.provisioning;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import io.smartclassroom.common.cli.CliErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Runs plan, up, status and down over an ordered list of resources. {@code up} goes in order and stops at
 * the first failure (later resources depend on earlier ones); {@code down} goes in reverse order and
 * carries on past failures; {@code plan} and {@code status} only inspect. A failure of the environment rather than
 * of a resource (no credentials or region, an endpoint that cannot be reached) stops any command at once: it is
 * thrown, not reported once per resource.
 */
public final class Provisioner {
    private static final Logger log = LoggerFactory.getLogger(Provisioner.class);

    private final List<Resource> resources;
    private final Consumer<ResourceReport> reports;

    public Provisioner(List<Resource> resources, Consumer<ResourceReport> reports) {
        this.resources = List.copyOf(requireNonNull(resources, "resources"));
        this.reports = requireNonNull(reports, "reports");
    }

    /** Inspects every resource and says what {@link #up()} would do. Changes nothing. */
    public List<ResourceReport> plan() {
        List<ResourceReport> result = new ArrayList<>();
        for (Resource resource : resources) {
            result.add(report(resource, () -> {
                ResourceState state = resource.inspect();
                if (state instanceof ResourceState.Absent absent) {
                    return outcome(Outcome.WOULD_CREATE, "would create", absent.detail());
                }
                if (state instanceof ResourceState.Present present) {
                    return outcome(Outcome.NO_CHANGE, "no change", present.detail());
                }
                if (state instanceof ResourceState.Differs differs) {
                    return new Result(Outcome.WOULD_UPDATE, "would update: " + String.join("; ", differs.differences()));
                }
                return unmanaged(state);
            }));
        }
        return result;
    }

    /** Creates what is absent and updates what differs, in order; stops at the first failure. */
    public List<ResourceReport> up() {
        List<ResourceReport> result = new ArrayList<>();
        boolean failed = false;
        for (Resource resource : resources) {
            if (failed) {
                result.add(emit(resource, new Result(Outcome.SKIPPED, "skipped after an earlier failure")));
                continue;
            }
            ResourceReport report = report(resource, () -> {
                ResourceState state = resource.inspect();
                if (state instanceof ResourceState.Absent) {
                    return outcome(Outcome.CREATED, "created", resource.create());
                }
                if (state instanceof ResourceState.Present present) {
                    return outcome(Outcome.UNCHANGED, resource.presentWord(), present.detail());
                }
                if (state instanceof ResourceState.Differs differs) {
                    String detail = resource.update(differs);
                    return new Result(Outcome.UPDATED, "updated: " + String.join("; ", differs.differences())
                            + (detail.isEmpty() ? "" : " (" + detail + ")"));
                }
                return unmanaged(state);
            });
            failed = report.outcome() == Outcome.FAILED;
            result.add(report);
        }
        return result;
    }

    /** Inspects every resource and reports its state. Changes nothing. */
    public List<ResourceReport> status() {
        List<ResourceReport> result = new ArrayList<>();
        for (Resource resource : resources) {
            result.add(report(resource, () -> {
                ResourceState state = resource.inspect();
                if (state instanceof ResourceState.Absent) {
                    return new Result(Outcome.ABSENT, "absent");
                }
                if (state instanceof ResourceState.Present present) {
                    return outcome(Outcome.PRESENT, "present", present.detail());
                }
                if (state instanceof ResourceState.Differs differs) {
                    return new Result(Outcome.DIFFERS, "differs: " + String.join("; ", differs.differences()));
                }
                return unmanaged(state);
            }));
        }
        return result;
    }

    /** Deletes every resource that exists, in reverse order; carries on past failures. */
    public List<ResourceReport> down() {
        List<ResourceReport> result = new ArrayList<>();
        List<Resource> reversed = new ArrayList<>(resources);
        Collections.reverse(reversed);
        for (Resource resource : reversed) {
            result.add(report(resource, () -> {
                ResourceState state = resource.inspect();
                if (state instanceof ResourceState.Absent) {
                    return new Result(Outcome.ABSENT, "absent");
                }
                if (state instanceof ResourceState.Present || state instanceof ResourceState.Differs) {
                    return outcome(Outcome.DELETED, "deleted", resource.delete());
                }
                return unmanaged(state);
            }));
        }
        return result;
    }

    private record Result(Outcome outcome, String text) {}

    @FunctionalInterface
    private interface Step {
        Result run();
    }

    private static Result outcome(Outcome outcome, String word, String detail) {
        return new Result(outcome, detail.isEmpty() ? word : word + " (" + detail + ")");
    }

    private static Result unmanaged(ResourceState state) {
        return new Result(Outcome.UNMANAGED, ((ResourceState.Unmanaged) state).note());
    }

    private ResourceReport report(Resource resource, Step step) {
        Result result;
        try {
            result = step.run();
        } catch (ProvisioningException | SdkException e) {
            if (CliErrors.isEnvironmental(e)) {
                // no credentials, no region, no endpoint: every resource would fail the same way; stop and say it once
                throw e;
            }
            log.debug("{} {} failed", resource.kind(), resource.name(), e);
            result = new Result(Outcome.FAILED, "failed: " + oneLine(e));
        }
        return emit(resource, result);
    }

    private ResourceReport emit(Resource resource, Result result) {
        ResourceReport report = new ResourceReport(resource.kind(), resource.name(), result.outcome(), result.text());
        reports.accept(report);
        return report;
    }

    private static String oneLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("\\s*\\R\\s*", " ");
    }
}
