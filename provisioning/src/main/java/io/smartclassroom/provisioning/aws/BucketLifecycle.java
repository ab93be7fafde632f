package io.smartclassroom.provisioning.aws;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.common.ResultKeys;
import io.smartclassroom.provisioning.Resource;
import io.smartclassroom.provisioning.ResourceState;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * One lifecycle rule of a bucket, this tool's by its id: the input videos and the evidence images are students'
 * faces, so they expire after {@code retention-days}; the CSVs and JSON records are kept. The bucket's other rules
 * are left as they are (PutBucketLifecycleConfiguration replaces the whole set: they are put back with it). A rule
 * of this id that differs (prefix, days, status, extra filters) is replaced.
 */
public final class BucketLifecycle implements Resource {
    public static final String VIDEOS_RULE = "smart-classroom-expire-videos";
    public static final String EVIDENCE_RULE = "smart-classroom-expire-evidence";

    private final S3Client s3;
    private final String bucket;
    private final LifecycleRule wanted;

    public BucketLifecycle(S3Client s3, String bucket, LifecycleRule wanted) {
        this.s3 = requireNonNull(s3, "s3");
        this.bucket = requireNonNull(bucket, "bucket");
        this.wanted = requireNonNull(wanted, "wanted");
    }

    /** The input bucket's rule: every object (the videos) expires {@code days} after it was uploaded. */
    public static LifecycleRule videosRule(int days) {
        return expire(VIDEOS_RULE, "", days);
    }

    /** The output bucket's rule: only the objects under {@link ResultKeys#EVIDENCE_PREFIX} expire. */
    public static LifecycleRule evidenceRule(int days) {
        return expire(EVIDENCE_RULE, ResultKeys.EVIDENCE_PREFIX, days);
    }

    private static LifecycleRule expire(String id, String prefix, int days) {
        if (days < 1) {
            throw new IllegalArgumentException("a lifecycle rule expires objects after at least 1 day, not " + days);
        }
        return LifecycleRule.builder()
                .id(id)
                .filter(LifecycleRuleFilter.builder().prefix(prefix).build())
                .status(ExpirationStatus.ENABLED)
                .expiration(expiration -> expiration.days(days))
                .build();
    }

    public LifecycleRule wanted() {
        return wanted;
    }

    @Override
    public String kind() {
        return "lifecycle";
    }

    @Override
    public String name() {
        return bucket;
    }

    @Override
    public String presentWord() {
        return "unchanged";
    }

    @Override
    public ResourceState inspect() {
        Optional<List<LifecycleRule>> rules;
        try {
            rules = rules();
        } catch (S3Exception e) {
            if (S3Errors.isNotImplemented(e)) {
                return new ResourceState.Unmanaged("this endpoint has no lifecycle rules; nothing changed");
            }
            throw e;
        }
        Optional<LifecycleRule> current = rules.orElse(List.of()).stream()
                .filter(rule -> wanted.id().equals(rule.id()))
                .findFirst();
        if (current.isEmpty()) {
            return new ResourceState.Absent(describe(wanted));
        }
        List<String> differences = differences(current.get(), wanted);
        return differences.isEmpty()
                ? new ResourceState.Present(describe(wanted))
                : new ResourceState.Differs(differences);
    }

    @Override
    public String create() {
        put();
        return describe(wanted);
    }

    @Override
    public String update(ResourceState.Differs current) {
        put();
        return describe(wanted);
    }

    @Override
    public String delete() {
        List<LifecycleRule> others = others();
        if (others.isEmpty()) {
            s3.deleteBucketLifecycle(request -> request.bucket(bucket));
            return "rule " + wanted.id() + " removed";
        }
        s3.putBucketLifecycleConfiguration(request -> request.bucket(bucket)
                .lifecycleConfiguration(configuration -> configuration.rules(others)));
        return "rule " + wanted.id() + " removed; " + others.size() + " other rule(s) kept";
    }

    private void put() {
        List<LifecycleRule> rules = new ArrayList<>(others());
        rules.add(wanted);
        s3.putBucketLifecycleConfiguration(request -> request.bucket(bucket)
                .lifecycleConfiguration(configuration -> configuration.rules(rules)));
    }

    /** The bucket's rules but this tool's. */
    private List<LifecycleRule> others() {
        return rules().orElse(List.of()).stream().filter(rule -> !wanted.id().equals(rule.id())).toList();
    }

    /** The bucket's rules; empty when it has none (or the bucket does not exist yet). */
    private Optional<List<LifecycleRule>> rules() {
        try {
            return Optional.of(s3.getBucketLifecycleConfiguration(request -> request.bucket(bucket)).rules());
        } catch (S3Exception e) {
            if (S3Errors.isNotFound(e)) { // NoSuchLifecycleConfiguration, NoSuchBucket
                return Optional.empty();
            }
            throw e;
        }
    }

    /** {@code objects under evidence/ expire after 30 days (rule smart-classroom-expire-evidence)}. */
    static String describe(LifecycleRule rule) {
        String prefix = prefix(rule);
        return (prefix.isEmpty() ? "every object expires" : "objects under " + prefix + " expire") + " after "
                + rule.expiration().days() + " days (rule " + rule.id() + ")";
    }

    /** What differs between the bucket's rule and the wanted one, as short phrases. */
    static List<String> differences(LifecycleRule current, LifecycleRule wanted) {
        List<String> differences = new ArrayList<>();
        if (current.status() != ExpirationStatus.ENABLED) {
            differences.add("rule " + wanted.id() + " is " + current.statusAsString() + ", not Enabled");
        }
        if (!prefix(current).equals(prefix(wanted))) {
            differences.add("rule " + wanted.id() + " applies to '" + prefix(current) + "', not '" + prefix(wanted) + "'");
        }
        LifecycleRuleFilter filter = current.filter();
        if (filter != null && (filter.tag() != null || filter.and() != null || filter.objectSizeGreaterThan() != null
                || filter.objectSizeLessThan() != null)) {
            differences.add("rule " + wanted.id() + " filters on more than the prefix");
        }
        Integer days = current.expiration() == null ? null : current.expiration().days();
        if (!Objects.equals(days, wanted.expiration().days())) {
            differences.add("rule " + wanted.id() + " expires objects "
                    + (days == null ? "not after a number of days" : "after " + days + " days")
                    + ", not after " + wanted.expiration().days());
        }
        return differences;
    }

    /** The rule's prefix: its filter's, or the deprecated rule-level one; "" for every object. */
    @SuppressWarnings("deprecation")
    private static String prefix(LifecycleRule rule) {
        if (rule.filter() != null && rule.filter().prefix() != null) {
            return rule.filter().prefix();
        }
        return rule.prefix() == null ? "" : rule.prefix();
    }
}
