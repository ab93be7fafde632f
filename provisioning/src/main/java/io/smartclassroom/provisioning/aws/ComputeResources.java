package io.smartclassroom.provisioning.aws;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.common.FunctionEnvironment;
import io.smartclassroom.common.ResourceNames;
import io.smartclassroom.provisioning.Resource;
import io.smartclassroom.provisioning.config.ProvisioningConfig;
import io.smartclassroom.provisioning.policy.AwsAccount;
import io.smartclassroom.provisioning.policy.IamPolicies;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * The compute side on AWS, after {@link AwsResources}: the ECR repository of the handler image, the function's role
 * with its inline policy, the function, and the monitor's IAM user with its inline policy and (when an OpenStack
 * server runs the monitor) its access key. On the local cloud, which emulates none of IAM, ECR and Lambda, each is
 * one line that says so, and nothing is changed.
 */
public final class ComputeResources {
    /** The inline policy of the function's role. */
    public static final String FUNCTION_POLICY = "smart-classroom-function";
    /** The inline policy of the monitor's user. */
    public static final String MONITOR_POLICY = "smart-classroom-monitor";
    public static final String LOCAL_CLOUD = "not on the local cloud, which does not emulate ";

    private ComputeResources() {}

    /**
     * @param monitorKeys the monitor's access keys when an OpenStack server needs one; empty when none does
     * @param waits how to wait for the function and for a new role to reach Lambda
     */
    public static List<Resource> of(ProvisioningConfig config, CloudClients clients, Optional<MonitorKeys> monitorKeys, Waits waits) {
        return of(config, clients, monitorKeys, waits, List::of);
    }

    /**
     * @param monitorSourceCidrs where the monitor's requests come from (its server's floating IP, /32); its policy
     *     holds only from there; none = from anywhere
     */
    public static List<Resource> of(ProvisioningConfig config, CloudClients clients, Optional<MonitorKeys> monitorKeys, Waits waits,
            Supplier<List<String>> monitorSourceCidrs) {
        requireNonNull(monitorSourceCidrs, "monitorSourceCidrs");
        requireNonNull(config, "config");
        requireNonNull(clients, "clients");
        requireNonNull(monitorKeys, "monitorKeys");
        requireNonNull(waits, "waits");
        ResourceNames names = config.names();
        String role = config.function().role();
        List<Resource> resources = new ArrayList<>();
        if (config.localCloud()) {
            resources.add(new UnavailableResource("ecr-repository", config.ecrRepository(), LOCAL_CLOUD + "ECR; nothing changed"));
            resources.add(new UnavailableResource("role", role, LOCAL_CLOUD + "IAM; nothing changed"));
            resources.add(new UnavailableResource("function", names.function(), LOCAL_CLOUD
                    + "Lambda (the demo runs the handler itself); nothing changed"));
            resources.add(new UnavailableResource("user", config.monitorUser(), LOCAL_CLOUD + "IAM; nothing changed"));
            return List.copyOf(resources);
        }
        Supplier<AwsAccount> account = new LazyAccount(clients.accountIdentity(), clients.region());
        resources.add(clients.ecr().<Resource>map(ecr -> new EcrRepository(ecr, config.ecrRepository()))
                .orElseGet(() -> missingClient("ecr-repository", config.ecrRepository(), "ECR")));
        Optional<IamClient> iam = clients.iam();
        resources.add(iam.<Resource>map(client -> new IamRole(client, role,
                        "smart-classroom: the function " + names.function() + " runs as this role",
                        IamPolicies.lambdaTrust(), FUNCTION_POLICY,
                        () -> IamPolicies.function(account.get(), functionAccess(config)), functionSummary(config)))
                .orElseGet(() -> missingClient("role", role, "IAM")));
        Optional<LambdaClient> lambda = clients.lambda();
        resources.add(lambda.<Resource>map(client -> new LambdaFunction(client, clients.ecr(), names.function(), config.function(),
                        () -> account.get().iamRole(role).toString(), functionEnvironment(config), waits))
                .orElseGet(() -> missingClient("function", names.function(), "Lambda")));
        resources.add(iam.<Resource>map(client -> monitorUser(config, client, account, monitorSourceCidrs))
                .orElseGet(() -> missingClient("user", config.monitorUser(), "IAM")));
        if (iam.isPresent()) {
            resources.add(monitorKeys.<Resource>map(keys -> new MonitorAccessKey(iam.get(), keys))
                    .orElseGet(() -> new UnavailableResource("access-key", config.monitorUser(),
                            "none made: only the monitor's OpenStack server gets one (openstack.enabled=false)")));
        }
        return List.copyOf(resources);
    }

    /**
     * Puts the monitor user's policy limited to {@code sourceCidrs} now, if it differs: before its key is delivered to
     * a server whose address was not known when the user's line ran.
     */
    public static boolean restrictMonitorPolicy(ProvisioningConfig config, CloudClients clients, List<String> sourceCidrs) {
        IamClient iam = clients.iam().orElseThrow(() -> new io.smartclassroom.provisioning.ProvisioningException(
                "no IAM client here to limit the monitor's policy to " + sourceCidrs));
        return monitorUser(config, iam, new LazyAccount(clients.accountIdentity(), clients.region()), () -> sourceCidrs)
                .ensurePolicy();
    }

    private static IamUser monitorUser(ProvisioningConfig config, IamClient iam, Supplier<AwsAccount> account,
            Supplier<List<String>> sourceCidrs) {
        ResourceNames names = config.names();
        return new IamUser(iam, config.monitorUser(), MONITOR_POLICY,
                () -> IamPolicies.monitor(account.get(), names.queue(), names.deadLetterQueue(), names.function(),
                        sourceCidrs.get()),
                monitorSummary(config));
    }

    /** What the function's policy names, from the configuration. */
    public static IamPolicies.FunctionAccess functionAccess(ProvisioningConfig config) {
        ResourceNames names = config.names();
        return new IamPolicies.FunctionAccess(names.inputBucket(), names.outputBucket(),
                config.encodingsLocation().bucket(), config.encodingsLocation().key(),
                names.table(), names.nameIndex(), names.function());
    }

    /**
     * The function's environment, as the handler reads it (see the handler's {@code HandlerConfig}): the buckets,
     * the table and its index, the encodings object, the models directory of the image, and JSON logs (one object
     * per event with the request id and video key, for CloudWatch Logs Insights).
     */
    public static Map<String, String> functionEnvironment(ProvisioningConfig config) {
        ResourceNames names = config.names();
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put(FunctionEnvironment.INPUT_BUCKET, names.inputBucket());
        environment.put(FunctionEnvironment.OUTPUT_BUCKET, names.outputBucket());
        environment.put("STUDENTS_TABLE", names.table());
        environment.put("STUDENTS_NAME_INDEX", names.nameIndex());
        environment.put("ENCODINGS", config.encodingsLocation().toString());
        environment.put("MODELS_DIR", config.function().modelsDir());
        environment.put("LOG_FORMAT", "json");
        return environment;
    }

    private static String functionSummary(ProvisioningConfig config) {
        ResourceNames names = config.names();
        return "read s3://" + names.inputBucket() + "/*, write s3://" + names.outputBucket() + "/*.csv, read "
                + config.encodingsLocation() + ", Query/GetItem " + names.table() + " and " + names.nameIndex()
                + ", logs of " + IamPolicies.functionLogGroup(names.function());
    }

    private static String monitorSummary(ProvisioningConfig config) {
        ResourceNames names = config.names();
        return "receive/delete/change visibility on " + names.queue() + ", invoke " + names.function();
    }

    private static Resource missingClient(String kind, String name, String service) {
        return new UnavailableResource(kind, name, "not managed: no " + service + " client here");
    }
}
