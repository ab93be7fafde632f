package io.smartclassroom.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProvisionerTest {
    /** A resource kept in memory: the engine's behaviour does not depend on what the resource is. */
    private static final class MemoryResource implements Resource {
        private final String name;
        private final List<String> calls;
        private ResourceState state;
        private boolean failOnCreate;

        MemoryResource(String name, ResourceState state, List<String> calls) {
            this.name = name;
            this.state = state;
            this.calls = calls;
        }

        @Override
        public String kind() {
            return "thing";
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public ResourceState inspect() {
            calls.add("inspect " + name);
            return state;
        }

        @Override
        public String create() {
            calls.add("create " + name);
            if (failOnCreate) {
                throw new ProvisioningException("no room for " + name + "\nsecond line");
            }
            state = new ResourceState.Present("");
            return "made";
        }

        @Override
        public String update(ResourceState.Differs current) {
            calls.add("update " + name);
            state = new ResourceState.Present("");
            return "";
        }

        @Override
        public String delete() {
            calls.add("delete " + name);
            state = new ResourceState.Absent("");
            return "";
        }
    }

    private final List<String> calls = new ArrayList<>();
    private final List<String> lines = new ArrayList<>();

    @Test
    void planOnlyInspectsAndSaysWhatUpWouldDo() {
        List<Resource> resources = List.of(
                new MemoryResource("a", new ResourceState.Absent("with 3 items"), calls),
                new MemoryResource("b", new ResourceState.Present(""), calls),
                new MemoryResource("c", new ResourceState.Differs(List.of("x 1 -> 2", "y")), calls),
                new MemoryResource("d", new ResourceState.Unmanaged("done elsewhere"), calls));

        List<ResourceReport> reports = provisioner(resources).plan();

        assertThat(calls).containsExactly("inspect a", "inspect b", "inspect c", "inspect d");
        assertThat(reports).extracting(ResourceReport::outcome)
                .containsExactly(Outcome.WOULD_CREATE, Outcome.NO_CHANGE, Outcome.WOULD_UPDATE, Outcome.UNMANAGED);
        assertThat(lines).containsExactly(
                "thing a: would create (with 3 items)",
                "thing b: no change",
                "thing c: would update: x 1 -> 2; y",
                "thing d: done elsewhere");
    }

    @Test
    void upCreatesAndUpdatesInOrderAndASecondUpChangesNothing() {
        List<Resource> resources = List.of(
                new MemoryResource("a", new ResourceState.Absent(""), calls),
                new MemoryResource("b", new ResourceState.Differs(List.of("size 1 -> 2")), calls),
                new MemoryResource("c", new ResourceState.Present("fine"), calls));

        List<ResourceReport> first = provisioner(resources).up();
        calls.clear();
        lines.clear();
        List<ResourceReport> second = provisioner(resources).up();

        assertThat(first).extracting(ResourceReport::outcome).containsExactly(Outcome.CREATED, Outcome.UPDATED, Outcome.UNCHANGED);
        assertThat(first).extracting(ResourceReport::line)
                .containsExactly("thing a: created (made)", "thing b: updated: size 1 -> 2", "thing c: exists (fine)");
        assertThat(second).extracting(ResourceReport::outcome).containsOnly(Outcome.UNCHANGED);
        assertThat(calls).containsExactly("inspect a", "inspect b", "inspect c");
        assertThat(RunSummary.of(Command.UP, first).line()).isEqualTo("up: 1 created, 1 updated, 1 unchanged");
    }

    @Test
    void upStopsAtTheFirstFailureAndSkipsTheRest() {
        MemoryResource failing = new MemoryResource("b", new ResourceState.Absent(""), calls);
        failing.failOnCreate = true;
        List<Resource> resources = List.of(
                new MemoryResource("a", new ResourceState.Absent(""), calls), failing,
                new MemoryResource("c", new ResourceState.Absent(""), calls));

        List<ResourceReport> reports = provisioner(resources).up();

        assertThat(reports).extracting(ResourceReport::outcome).containsExactly(Outcome.CREATED, Outcome.FAILED, Outcome.SKIPPED);
        assertThat(lines.get(1)).isEqualTo("thing b: failed: no room for b second line");
        assertThat(calls).doesNotContain("inspect c", "create c");
        RunSummary summary = RunSummary.of(Command.UP, reports);
        assertThat(summary.failed()).isTrue();
        assertThat(summary.line()).isEqualTo("up: 1 created, 0 updated, 0 unchanged, 1 failed, 1 skipped");
    }

    @Test
    void downDeletesInReverseOrderOnlyWhatExists() {
        List<Resource> resources = List.of(
                new MemoryResource("a", new ResourceState.Present(""), calls),
                new MemoryResource("b", new ResourceState.Absent(""), calls),
                new MemoryResource("c", new ResourceState.Differs(List.of("d")), calls),
                new MemoryResource("d", new ResourceState.Unmanaged("elsewhere"), calls));

        List<ResourceReport> reports = provisioner(resources).down();

        assertThat(calls).containsExactly("inspect d", "inspect c", "delete c", "inspect b", "inspect a", "delete a");
        assertThat(reports).extracting(ResourceReport::outcome)
                .containsExactly(Outcome.UNMANAGED, Outcome.DELETED, Outcome.ABSENT, Outcome.DELETED);
        assertThat(RunSummary.of(Command.DOWN, reports).line()).isEqualTo("down: 2 deleted, 1 absent");
    }

    @Test
    void statusReportsEachState() {
        List<Resource> resources = List.of(
                new MemoryResource("a", new ResourceState.Present("ACTIVE"), calls),
                new MemoryResource("b", new ResourceState.Absent("x"), calls),
                new MemoryResource("c", new ResourceState.Differs(List.of("d")), calls));

        List<ResourceReport> reports = provisioner(resources).status();

        assertThat(lines).containsExactly("thing a: present (ACTIVE)", "thing b: absent", "thing c: differs: d");
        assertThat(calls).containsExactly("inspect a", "inspect b", "inspect c");
        assertThat(RunSummary.of(Command.STATUS, reports).line()).isEqualTo("status: 1 present, 1 differ, 1 absent");
    }

    private Provisioner provisioner(List<Resource> resources) {
        return new Provisioner(resources, report -> lines.add(report.line()));
    }
}
