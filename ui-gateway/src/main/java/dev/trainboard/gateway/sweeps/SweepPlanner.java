package dev.trainboard.gateway.sweeps;

import dev.trainboard.events.JobSpec;
import dev.trainboard.events.RunName;
import dev.trainboard.gateway.jobs.JobRequest;
import dev.trainboard.gateway.jobs.JobSpecFactory;
import dev.trainboard.gateway.sweeps.SweepGrid.Axis;
import dev.trainboard.gateway.system.FieldViolation;
import dev.trainboard.gateway.system.InvalidRequestException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Expands a sweep into one {@link JobSpec} per grid combination and checks all of them before any job is created.
 * A derived run name is the sweep name followed by each grid value, e.g. sweep {@code mnist} with
 * {@code learningRate: [0.001, 0.01]} gives {@code mnist-lr0.001} and {@code mnist-lr0.01}.
 */
@Component
class SweepPlanner {

    private final JobSpecFactory specs;
    private final JsonMapper mapper;
    private final SweepProperties properties;

    SweepPlanner(JobSpecFactory specs, JsonMapper mapper, SweepProperties properties) {
        this.specs = specs;
        this.mapper = mapper;
        this.properties = properties;
    }

    List<JobSpec> plan(SweepRequest sweep) {
        List<Axis> axes = sweep.grid().axes();
        Set<FieldViolation> violations = new LinkedHashSet<>(checkShape(sweep, axes));
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(List.copyOf(violations));
        }
        List<JobSpec> planned = new ArrayList<>();
        int combinations = combinations(axes);
        for (int index = 0; index < combinations; index++) {
            int[] choice = choice(axes, index);
            String runName = sweep.runNames() != null ? sweep.runNames().get(index) : derivedName(sweep, axes, choice);
            JobSpec spec = specs.resolve(request(sweep.base(), axes, choice, runName), sweep.name());
            for (FieldViolation violation : specs.violations(spec)) {
                violations.add(locate(violation, sweep, axes, choice, index));
            }
            planned.add(spec);
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(List.copyOf(violations));
        }
        return planned;
    }

    private List<FieldViolation> checkShape(SweepRequest sweep, List<Axis> axes) {
        List<FieldViolation> violations = new ArrayList<>();
        if (axes.isEmpty()) {
            violations.add(new FieldViolation("grid", "NotEmpty", "Give at least one field with values to try"));
        }
        for (Axis axis : axes) {
            if (new HashSet<>(axis.values()).size() != axis.values().size()) {
                violations.add(new FieldViolation("grid." + axis.field(), "UniqueElements",
                        "Each value may appear once"));
            }
        }
        if (sweep.base() != null && sweep.base().runName() != null) {
            violations.add(new FieldViolation("base.runName", "Null",
                    "A sweep's run names come from its name or from runNames"));
        }
        long combinations = axes.stream().mapToLong(axis -> axis.values().size()).reduce(1, Math::multiplyExact);
        if (combinations > properties.maxJobs()) {
            violations.add(new FieldViolation("grid", "MaxCombinations",
                    "The grid has " + combinations + " combinations; at most " + properties.maxJobs() + " allowed"));
        } else if (sweep.runNames() != null) {
            violations.addAll(checkRunNames(sweep.runNames(), combinations));
        }
        return violations;
    }

    private static List<FieldViolation> checkRunNames(List<String> runNames, long combinations) {
        List<FieldViolation> violations = new ArrayList<>();
        if (runNames.size() != combinations) {
            violations.add(new FieldViolation("runNames", "Size",
                    "Give one run name per combination: " + combinations));
        }
        for (int i = 0; i < runNames.size(); i++) {
            if (!RunName.isValid(runNames.get(i))) {
                violations.add(new FieldViolation("runNames[" + i + "]", "Pattern",
                        "must match \"" + RunName.REGEX + "\""));
            }
        }
        if (new HashSet<>(runNames).size() != runNames.size()) {
            violations.add(new FieldViolation("runNames", "UniqueElements", "Each run name may appear once"));
        }
        return violations;
    }

    private static int combinations(List<Axis> axes) {
        return axes.stream().mapToInt(axis -> axis.values().size()).reduce(1, (a, b) -> a * b);
    }

    /** The value index on each axis for combination {@code index}; the first axis varies slowest. */
    private static int[] choice(List<Axis> axes, int index) {
        int[] choice = new int[axes.size()];
        int rest = index;
        for (int a = axes.size() - 1; a >= 0; a--) {
            int size = axes.get(a).values().size();
            choice[a] = rest % size;
            rest /= size;
        }
        return choice;
    }

    private JobRequest request(JobRequest base, List<Axis> axes, int[] choice, String runName) {
        ObjectNode node = base != null ? (ObjectNode) mapper.valueToTree(base) : mapper.createObjectNode();
        for (int a = 0; a < axes.size(); a++) {
            node.set(axes.get(a).field(), mapper.valueToTree(axes.get(a).values().get(choice[a])));
        }
        node.put("runName", runName);
        return mapper.treeToValue(node, JobRequest.class);
    }

    private String derivedName(SweepRequest sweep, List<Axis> axes, int[] choice) {
        StringBuilder name = new StringBuilder(sweep.name());
        for (int a = 0; a < axes.size(); a++) {
            name.append('-').append(axes.get(a).label()).append(format(axes.get(a).values().get(choice[a])));
        }
        return name.toString();
    }

    /** Numbers in plain notation without trailing zeros ({@code 0.001}, never {@code 1.0E-3}), enums by wire name. */
    private String format(Object value) {
        JsonNode node = mapper.valueToTree(value);
        return node.isNumber() ? node.decimalValue().stripTrailingZeros().toPlainString() : node.asString();
    }

    private static FieldViolation locate(FieldViolation violation, SweepRequest sweep, List<Axis> axes,
            int[] choice, int index) {
        String field = violation.field();
        if (field.equals("runName")) {
            String where = sweep.runNames() != null ? "runNames[" + index + "]" : "name";
            String message = sweep.runNames() != null ? violation.message()
                    : "The derived run name is not a valid run name (at most 64 characters); shorten the name "
                            + "or give runNames";
            return new FieldViolation(where, violation.rule(), message);
        }
        for (int a = 0; a < axes.size(); a++) {
            if (axes.get(a).field().equals(field)) {
                return new FieldViolation("grid." + field + "[" + choice[a] + "]", violation.rule(),
                        violation.message());
            }
        }
        return new FieldViolation("base." + field, violation.rule(), violation.message());
    }
}
