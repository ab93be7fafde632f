package io.smartclassroom.provisioning.aws;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smartclassroom.provisioning.NoDelayServerSockets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * STS, IAM, ECR and Lambda on one {@link MockWebServer}, speaking their wire protocols as the AWS API references
 * document them: STS and IAM the Query protocol (form-encoded POST, XML answers, {@code ErrorResponse} with HTTP
 * 404/409), ECR JSON 1.1 ({@code X-Amz-Target: AmazonEC2ContainerRegistry_V20150921.<Action>}, errors as
 * {@code __type}), Lambda REST-JSON ({@code /2015-03-31/functions/...}, errors in {@code X-Amzn-ErrorType}). It keeps
 * the state those calls change (roles, users, keys, repositories, images, functions) so that a test can run
 * {@code up} twice and {@code down}, and records every call.
 */
public final class FakeAws extends Dispatcher implements AutoCloseable {
    public static final String ACCOUNT = "123456789012";
    public static final Region REGION = Region.US_EAST_1;
    public static final String REGISTRY = ACCOUNT + ".dkr.ecr.us-east-1.amazonaws.com";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IAM_NS = "https://iam.amazonaws.com/doc/2010-05-08/";
    private static final String CREATED = "2024-05-01T12:00:00Z";

    /** One request: the service, the action, its parameters (Query) or body (JSON). */
    public record Call(String service, String action, Map<String, String> params, JsonNode body, String path) {
        /** Whether the call changes something: everything but Get*, List*, Describe*. */
        public boolean writes() {
            return !(action.startsWith("Get") || action.startsWith("List") || action.startsWith("Describe"));
        }

        public String param(String name) {
            return params.get(name);
        }
    }

    public static final class Role {
        public final String name;
        public String trust;
        public final Map<String, String> tags = new LinkedHashMap<>();
        public final Map<String, String> inline = new LinkedHashMap<>();
        public final List<String> attached = new ArrayList<>();

        Role(String name, String trust) {
            this.name = name;
            this.trust = trust;
        }

        public String arn() {
            return "arn:aws:iam::" + ACCOUNT + ":role/" + name;
        }
    }

    public record AccessKey(String id, String secret, String status, String created) {}

    public static final class User {
        public final String name;
        public final Map<String, String> tags = new LinkedHashMap<>();
        public final Map<String, String> inline = new LinkedHashMap<>();
        public final List<AccessKey> keys = new ArrayList<>();

        User(String name) {
            this.name = name;
        }

        public String arn() {
            return "arn:aws:iam::" + ACCOUNT + ":user/" + name;
        }
    }

    public static final class Repository {
        public final String name;
        public boolean scanOnPush;
        public String tagMutability = "MUTABLE";
        public final Map<String, String> tags = new LinkedHashMap<>();
        /** tag -> digest */
        public final Map<String, String> images = new LinkedHashMap<>();

        Repository(String name) {
            this.name = name;
        }

        public String arn() {
            return "arn:aws:ecr:us-east-1:" + ACCOUNT + ":repository/" + name;
        }

        public String uri() {
            return REGISTRY + "/" + name;
        }
    }

    public static final class Function {
        public final String name;
        public String packageType = "Image";
        public String role;
        public int memory;
        public int timeout;
        public int ephemeralStorage = 512;
        public Map<String, String> environment = new TreeMap<>();
        public String imageUri;
        public String resolvedImageUri;
        public Integer reservedConcurrency;
        public final Map<String, String> tags = new LinkedHashMap<>();
        String state = "Active";
        String lastUpdateStatus = "Successful";
        int pollsUntilDone;

        Function(String name) {
            this.name = name;
        }

        public String arn() {
            return "arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:" + name;
        }
    }

    private final MockWebServer server = new MockWebServer();
    private final List<Call> calls = new ArrayList<>();
    private final AtomicInteger keyNumber = new AtomicInteger();
    public final Map<String, Role> roles = new LinkedHashMap<>();
    public final Map<String, User> users = new LinkedHashMap<>();
    public final Map<String, Repository> repositories = new LinkedHashMap<>();
    public final Map<String, Function> functions = new LinkedHashMap<>();
    /** How many GetFunction calls see a new function Pending (or an update InProgress) before it is done. */
    public int pendingPolls = 2;
    /** How many CreateFunction calls fail because the new role cannot be assumed yet. */
    public int roleNotAssumableYet;

    public FakeAws() {
        server.setDispatcher(this);
        server.setServerSocketFactory(new NoDelayServerSockets());
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI endpoint() {
        return server.url("/").uri();
    }

    public StsClient sts() {
        return StsClient.builder().endpointOverride(endpoint()).region(REGION).credentialsProvider(credentials()).build();
    }

    public IamClient iam() {
        return IamClient.builder().endpointOverride(endpoint()).region(REGION).credentialsProvider(credentials()).build();
    }

    public EcrClient ecr() {
        return EcrClient.builder().endpointOverride(endpoint()).region(REGION).credentialsProvider(credentials()).build();
    }

    public LambdaClient lambda() {
        return LambdaClient.builder().endpointOverride(endpoint()).region(REGION).credentialsProvider(credentials()).build();
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTESTTESTTEST", "operator-secret"));
    }

    /** A repository as {@code up} leaves it (scan on push, tagged), with {@code tag} pushed as {@code digest}. */
    public synchronized void repositoryWithImage(String repository, String tag, String digest) {
        Repository created = new Repository(repository);
        created.scanOnPush = true;
        created.tagMutability = "IMMUTABLE";
        created.tags.put("managed-by", "smart-classroom");
        created.images.put(tag, digest);
        repositories.put(repository, created);
    }

    /** Pushes an image to an existing repository: its {@code tag} now names {@code digest}. */
    public synchronized void push(String repository, String tag, String digest) {
        requireNonNull(repositories.get(repository), "no repository " + repository).images.put(tag, digest);
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    public synchronized List<Call> writes() {
        return calls.stream().filter(Call::writes).toList();
    }

    /** The actions of the writing calls, in order. */
    public synchronized List<String> writeActions() {
        return writes().stream().map(Call::action).toList();
    }

    public synchronized List<Call> calls(String action) {
        return calls.stream().filter(call -> call.action().equals(action)).toList();
    }

    public synchronized void clearCalls() {
        calls.clear();
    }

    /** Every secret access key this fake handed out. */
    public synchronized List<String> secrets() {
        List<String> secrets = new ArrayList<>();
        users.values().forEach(user -> user.keys.forEach(key -> secrets.add(key.secret())));
        return secrets;
    }

    @Override
    public synchronized MockResponse dispatch(RecordedRequest request) {
        String body = request.getBody().clone().readUtf8();
        String target = request.getHeader("X-Amz-Target");
        String path = requireNonNull(request.getPath());
        try {
            if (target != null && target.startsWith("AmazonEC2ContainerRegistry_V20150921.")) {
                return ecr(target.substring(target.indexOf('.') + 1), JSON.readTree(body.isEmpty() ? "{}" : body));
            }
            if (path.startsWith("/2015-03-31/") || path.startsWith("/2017-10-31/") || path.startsWith("/2019-09-30/")
                    || path.startsWith("/2017-03-31/")) {
                return lambda(request.getMethod(), path, body);
            }
            Map<String, String> params = form(body);
            String action = params.getOrDefault("Action", "");
            if (action.equals("GetCallerIdentity")) {
                calls.add(new Call("sts", action, params, null, path));
                return xml(200, "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                        + "<GetCallerIdentityResult><Arn>arn:aws:iam::" + ACCOUNT + ":user/operator</Arn>"
                        + "<UserId>AIDAOPERATOR</UserId><Account>" + ACCOUNT + "</Account></GetCallerIdentityResult>"
                        + metadata() + "</GetCallerIdentityResponse>");
            }
            calls.add(new Call("iam", action, params, null, path));
            return iam(action, params);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- IAM (Query protocol) -------------------------------------------------------------------------------

    private MockResponse iam(String action, Map<String, String> p) {
        switch (action) {
            case "GetRole" -> {
                Role role = roles.get(p.get("RoleName"));
                if (role == null) {
                    return noSuchEntity("The role with name " + p.get("RoleName") + " cannot be found.");
                }
                return iamResult(action, "<Role>" + roleXml(role) + "</Role>");
            }
            case "CreateRole" -> {
                if (roles.containsKey(p.get("RoleName"))) {
                    return iamError(409, "EntityAlreadyExists", "Role with name " + p.get("RoleName") + " already exists.");
                }
                Role role = new Role(p.get("RoleName"), p.get("AssumeRolePolicyDocument"));
                role.tags.putAll(tags(p));
                roles.put(role.name, role);
                return iamResult(action, "<Role>" + roleXml(role) + "</Role>");
            }
            case "UpdateAssumeRolePolicy" -> {
                Role role = roles.get(p.get("RoleName"));
                if (role == null) {
                    return noSuchEntity("no role " + p.get("RoleName"));
                }
                role.trust = p.get("PolicyDocument");
                return iamEmpty(action);
            }
            case "GetRolePolicy" -> {
                Role role = roles.get(p.get("RoleName"));
                String document = role == null ? null : role.inline.get(p.get("PolicyName"));
                if (document == null) {
                    return noSuchEntity("The role policy with name " + p.get("PolicyName") + " cannot be found.");
                }
                return iamResult(action, "<RoleName>" + role.name + "</RoleName><PolicyName>" + p.get("PolicyName")
                        + "</PolicyName><PolicyDocument>" + encode(document) + "</PolicyDocument>");
            }
            case "PutRolePolicy" -> {
                Role role = roles.get(p.get("RoleName"));
                if (role == null) {
                    return noSuchEntity("no role " + p.get("RoleName"));
                }
                role.inline.put(p.get("PolicyName"), p.get("PolicyDocument"));
                return iamEmpty(action);
            }
            case "ListRolePolicies" -> {
                Role role = roles.get(p.get("RoleName"));
                if (role == null) {
                    return noSuchEntity("no role " + p.get("RoleName"));
                }
                return iamResult(action, members("PolicyNames", role.inline.keySet().stream().map(FakeAws::escape).toList())
                        + "<IsTruncated>false</IsTruncated>");
            }
            case "DeleteRolePolicy" -> {
                Role role = roles.get(p.get("RoleName"));
                if (role == null || role.inline.remove(p.get("PolicyName")) == null) {
                    return noSuchEntity("no policy " + p.get("PolicyName"));
                }
                return iamEmpty(action);
            }
            case "ListAttachedRolePolicies" -> {
                Role role = roles.get(p.get("RoleName"));
                if (role == null) {
                    return noSuchEntity("no role " + p.get("RoleName"));
                }
                return iamResult(action, members("AttachedPolicies", role.attached.stream()
                        .map(arn -> "<PolicyName>" + arn.substring(arn.lastIndexOf('/') + 1) + "</PolicyName><PolicyArn>"
                                + arn + "</PolicyArn>").toList()) + "<IsTruncated>false</IsTruncated>");
            }
            case "DetachRolePolicy" -> {
                Role role = roles.get(p.get("RoleName"));
                if (role == null || !role.attached.remove(p.get("PolicyArn"))) {
                    return noSuchEntity("not attached: " + p.get("PolicyArn"));
                }
                return iamEmpty(action);
            }
            case "DeleteRole" -> {
                Role role = roles.get(p.get("RoleName"));
                if (role == null) {
                    return noSuchEntity("no role " + p.get("RoleName"));
                }
                if (!role.inline.isEmpty() || !role.attached.isEmpty()) {
                    return iamError(409, "DeleteConflict", "Cannot delete entity, must delete policies first.");
                }
                roles.remove(role.name);
                return iamEmpty(action);
            }
            case "GetUser" -> {
                User user = users.get(p.get("UserName"));
                if (user == null) {
                    return noSuchEntity("The user with name " + p.get("UserName") + " cannot be found.");
                }
                return iamResult(action, "<User>" + userXml(user) + "</User>");
            }
            case "CreateUser" -> {
                if (users.containsKey(p.get("UserName"))) {
                    return iamError(409, "EntityAlreadyExists", "User with name " + p.get("UserName") + " already exists.");
                }
                User user = new User(p.get("UserName"));
                user.tags.putAll(tags(p));
                users.put(user.name, user);
                return iamResult(action, "<User>" + userXml(user) + "</User>");
            }
            case "GetUserPolicy" -> {
                User user = users.get(p.get("UserName"));
                String document = user == null ? null : user.inline.get(p.get("PolicyName"));
                if (document == null) {
                    return noSuchEntity("The user policy with name " + p.get("PolicyName") + " cannot be found.");
                }
                return iamResult(action, "<UserName>" + user.name + "</UserName><PolicyName>" + p.get("PolicyName")
                        + "</PolicyName><PolicyDocument>" + encode(document) + "</PolicyDocument>");
            }
            case "PutUserPolicy" -> {
                User user = users.get(p.get("UserName"));
                if (user == null) {
                    return noSuchEntity("no user " + p.get("UserName"));
                }
                user.inline.put(p.get("PolicyName"), p.get("PolicyDocument"));
                return iamEmpty(action);
            }
            case "ListUserPolicies" -> {
                User user = users.get(p.get("UserName"));
                if (user == null) {
                    return noSuchEntity("no user " + p.get("UserName"));
                }
                return iamResult(action, members("PolicyNames", user.inline.keySet().stream().map(FakeAws::escape).toList())
                        + "<IsTruncated>false</IsTruncated>");
            }
            case "DeleteUserPolicy" -> {
                User user = users.get(p.get("UserName"));
                if (user == null || user.inline.remove(p.get("PolicyName")) == null) {
                    return noSuchEntity("no policy " + p.get("PolicyName"));
                }
                return iamEmpty(action);
            }
            case "ListAttachedUserPolicies" -> {
                if (!users.containsKey(p.get("UserName"))) {
                    return noSuchEntity("no user " + p.get("UserName"));
                }
                return iamResult(action, "<AttachedPolicies/><IsTruncated>false</IsTruncated>");
            }
            case "ListAccessKeys" -> {
                User user = users.get(p.get("UserName"));
                if (user == null) {
                    return noSuchEntity("The user with name " + p.get("UserName") + " cannot be found.");
                }
                return iamResult(action, members("AccessKeyMetadata", user.keys.stream()
                        .map(key -> "<UserName>" + user.name + "</UserName><AccessKeyId>" + key.id() + "</AccessKeyId><Status>"
                                + key.status() + "</Status><CreateDate>" + key.created() + "</CreateDate>").toList())
                        + "<IsTruncated>false</IsTruncated>");
            }
            case "CreateAccessKey" -> {
                User user = users.get(p.get("UserName"));
                if (user == null) {
                    return noSuchEntity("no user " + p.get("UserName"));
                }
                if (user.keys.size() >= 2) {
                    return iamError(409, "LimitExceeded", "Cannot exceed quota for AccessKeysPerUser: 2");
                }
                int n = keyNumber.incrementAndGet();
                AccessKey key = new AccessKey(String.format("AKIAFAKEMONITOR%05d", n),
                        String.format("fAkEsEcReT/%02d+wJalrXUtnFEMIK7MDENGbPxRfiCY", n), "Active",
                        String.format("2024-05-01T12:%02d:00Z", n % 60));
                user.keys.add(key);
                return iamResult(action, "<AccessKey><UserName>" + user.name + "</UserName><AccessKeyId>" + key.id()
                        + "</AccessKeyId><Status>Active</Status><SecretAccessKey>" + key.secret()
                        + "</SecretAccessKey><CreateDate>" + key.created() + "</CreateDate></AccessKey>");
            }
            case "DeleteAccessKey" -> {
                User user = users.get(p.get("UserName"));
                if (user == null || !user.keys.removeIf(key -> key.id().equals(p.get("AccessKeyId")))) {
                    return noSuchEntity("The Access Key with id " + p.get("AccessKeyId") + " cannot be found.");
                }
                return iamEmpty(action);
            }
            case "DeleteUser" -> {
                User user = users.get(p.get("UserName"));
                if (user == null) {
                    return noSuchEntity("no user " + p.get("UserName"));
                }
                if (!user.keys.isEmpty() || !user.inline.isEmpty()) {
                    return iamError(409, "DeleteConflict", "Cannot delete entity, must delete access keys and policies first.");
                }
                users.remove(user.name);
                return iamEmpty(action);
            }
            default -> {
                return iamError(400, "InvalidAction", "The action " + action + " is not valid for this web service.");
            }
        }
    }

    private static String roleXml(Role role) {
        return "<Path>/</Path><RoleName>" + role.name + "</RoleName><RoleId>AROAFAKE" + role.name.length() + "</RoleId><Arn>"
                + role.arn() + "</Arn><CreateDate>" + CREATED + "</CreateDate><AssumeRolePolicyDocument>"
                + encode(role.trust) + "</AssumeRolePolicyDocument>" + tagsXml(role.tags);
    }

    private static String userXml(User user) {
        return "<Path>/</Path><UserName>" + user.name + "</UserName><UserId>AIDAFAKE" + user.name.length() + "</UserId><Arn>"
                + user.arn() + "</Arn><CreateDate>" + CREATED + "</CreateDate>" + tagsXml(user.tags);
    }

    private static String tagsXml(Map<String, String> tags) {
        return members("Tags", tags.entrySet().stream()
                .map(tag -> "<Key>" + escape(tag.getKey()) + "</Key><Value>" + escape(tag.getValue()) + "</Value>").toList());
    }

    private static String members(String element, List<String> members) {
        StringBuilder xml = new StringBuilder("<").append(element).append(">");
        members.forEach(member -> xml.append("<member>").append(member).append("</member>"));
        return xml.append("</").append(element).append(">").toString();
    }

    /** {@code Tags.member.N.Key/Value} of a Query request. */
    private static Map<String, String> tags(Map<String, String> params) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 1; params.containsKey("Tags.member." + i + ".Key"); i++) {
            tags.put(params.get("Tags.member." + i + ".Key"), params.get("Tags.member." + i + ".Value"));
        }
        return tags;
    }

    private static MockResponse iamResult(String action, String result) {
        return xml(200, "<" + action + "Response xmlns=\"" + IAM_NS + "\"><" + action + "Result>" + result + "</" + action
                + "Result>" + metadata() + "</" + action + "Response>");
    }

    private static MockResponse iamEmpty(String action) {
        return xml(200, "<" + action + "Response xmlns=\"" + IAM_NS + "\">" + metadata() + "</" + action + "Response>");
    }

    private static MockResponse noSuchEntity(String message) {
        return iamError(404, "NoSuchEntity", message);
    }

    private static MockResponse iamError(int status, String code, String message) {
        return xml(status, "<ErrorResponse xmlns=\"" + IAM_NS + "\"><Error><Type>Sender</Type><Code>" + code + "</Code><Message>"
                + escape(message) + "</Message></Error><RequestId>4a2f0c8e-fake</RequestId></ErrorResponse>");
    }

    private static String metadata() {
        return "<ResponseMetadata><RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId></ResponseMetadata>";
    }

    private static MockResponse xml(int status, String body) {
        return new MockResponse().setResponseCode(status).addHeader("Content-Type", "text/xml").setBody(body);
    }

    // ---- ECR (JSON 1.1) -------------------------------------------------------------------------------------

    private MockResponse ecr(String action, JsonNode body) {
        calls.add(new Call("ecr", action, Map.of(), body, "/"));
        switch (action) {
            case "DescribeRepositories" -> {
                ArrayNode found = JSON.createArrayNode();
                for (JsonNode name : body.path("repositoryNames")) {
                    Repository repository = repositories.get(name.asText());
                    if (repository == null) {
                        return ecrError("RepositoryNotFoundException", "The repository with name '" + name.asText()
                                + "' does not exist in the registry with id '" + ACCOUNT + "'");
                    }
                    found.add(repositoryJson(repository));
                }
                ObjectNode result = JSON.createObjectNode();
                result.set("repositories", found);
                return json(200, result);
            }
            case "CreateRepository" -> {
                String name = body.path("repositoryName").asText();
                if (repositories.containsKey(name)) {
                    return ecrError("RepositoryAlreadyExistsException", "The repository with name '" + name + "' already exists");
                }
                Repository repository = new Repository(name);
                repositories.put(name, repository);
                repository.scanOnPush = body.path("imageScanningConfiguration").path("scanOnPush").asBoolean(false);
                repository.tagMutability = body.path("imageTagMutability").asText("MUTABLE");
                body.path("tags").forEach(tag -> repository.tags.put(tag.path("Key").asText(), tag.path("Value").asText()));
                ObjectNode result = JSON.createObjectNode();
                result.set("repository", repositoryJson(repository));
                return json(200, result);
            }
            case "ListTagsForResource" -> {
                Optional<Repository> repository = repositories.values().stream()
                        .filter(each -> each.arn().equals(body.path("resourceArn").asText())).findFirst();
                if (repository.isEmpty()) {
                    return ecrError("RepositoryNotFoundException", "no repository " + body.path("resourceArn").asText());
                }
                ObjectNode result = JSON.createObjectNode();
                ArrayNode tags = result.putArray("tags");
                repository.get().tags.forEach((key, value) -> tags.addObject().put("Key", key).put("Value", value));
                return json(200, result);
            }
            case "PutImageScanningConfiguration" -> {
                Repository repository = repositories.get(body.path("repositoryName").asText());
                if (repository == null) {
                    return ecrError("RepositoryNotFoundException", "no repository");
                }
                repository.scanOnPush = body.path("imageScanningConfiguration").path("scanOnPush").asBoolean();
                ObjectNode result = JSON.createObjectNode().put("registryId", ACCOUNT).put("repositoryName", repository.name);
                result.putObject("imageScanningConfiguration").put("scanOnPush", repository.scanOnPush);
                return json(200, result);
            }
            case "PutImageTagMutability" -> {
                Repository repository = repositories.get(body.path("repositoryName").asText());
                if (repository == null) {
                    return ecrError("RepositoryNotFoundException", "no repository");
                }
                repository.tagMutability = body.path("imageTagMutability").asText();
                return json(200, JSON.createObjectNode().put("registryId", ACCOUNT).put("repositoryName", repository.name)
                        .put("imageTagMutability", repository.tagMutability));
            }
            case "ListImages" -> {
                Repository repository = repositories.get(body.path("repositoryName").asText());
                if (repository == null) {
                    return ecrError("RepositoryNotFoundException", "no repository");
                }
                ObjectNode result = JSON.createObjectNode();
                ArrayNode ids = result.putArray("imageIds");
                repository.images.forEach((tag, digest) -> ids.addObject().put("imageDigest", digest).put("imageTag", tag));
                return json(200, result);
            }
            case "DescribeImages" -> {
                Repository repository = repositories.get(body.path("repositoryName").asText());
                if (repository == null) {
                    return ecrError("RepositoryNotFoundException", "no repository");
                }
                ObjectNode result = JSON.createObjectNode();
                ArrayNode details = result.putArray("imageDetails");
                for (JsonNode id : body.path("imageIds")) {
                    String digest = id.has("imageDigest")
                            ? repository.images.values().stream().filter(id.path("imageDigest").asText()::equals).findFirst().orElse(null)
                            : repository.images.get(id.path("imageTag").asText());
                    if (digest == null) {
                        return ecrError("ImageNotFoundException", "The image with imageId {imageTag:'"
                                + id.path("imageTag").asText() + "'} does not exist within the repository");
                    }
                    ObjectNode detail = details.addObject().put("registryId", ACCOUNT).put("repositoryName", repository.name)
                            .put("imageDigest", digest);
                    detail.putArray("imageTags").add(id.path("imageTag").asText());
                }
                return json(200, result);
            }
            case "DeleteRepository" -> {
                Repository repository = repositories.get(body.path("repositoryName").asText());
                if (repository == null) {
                    return ecrError("RepositoryNotFoundException", "no repository");
                }
                if (!repository.images.isEmpty() && !body.path("force").asBoolean()) {
                    return ecrError("RepositoryNotEmptyException", "The repository cannot be deleted because it still contains images");
                }
                repositories.remove(repository.name);
                ObjectNode result = JSON.createObjectNode();
                result.set("repository", repositoryJson(repository));
                return json(200, result);
            }
            default -> {
                return ecrError("UnknownOperationException", action);
            }
        }
    }

    private static ObjectNode repositoryJson(Repository repository) {
        ObjectNode node = JSON.createObjectNode()
                .put("repositoryArn", repository.arn())
                .put("registryId", ACCOUNT)
                .put("repositoryName", repository.name)
                .put("repositoryUri", repository.uri())
                .put("createdAt", 1.714564800E9)
                .put("imageTagMutability", repository.tagMutability);
        node.putObject("imageScanningConfiguration").put("scanOnPush", repository.scanOnPush);
        node.putObject("encryptionConfiguration").put("encryptionType", "AES256");
        return node;
    }

    private static MockResponse ecrError(String type, String message) {
        return new MockResponse().setResponseCode(400).addHeader("Content-Type", "application/x-amz-json-1.1")
                .setBody(JSON.createObjectNode().put("__type", type).put("message", message).toString());
    }

    // ---- Lambda (REST-JSON) -----------------------------------------------------------------------------------

    private MockResponse lambda(String method, String fullPath, String text) throws IOException {
        String path = fullPath.contains("?") ? fullPath.substring(0, fullPath.indexOf('?')) : fullPath;
        JsonNode body = text.isEmpty() ? JSON.createObjectNode() : JSON.readTree(text);
        String[] parts = path.split("/");
        // /2015-03-31/functions[/{name}[/code|/configuration]], /2017-10-31/functions/{name}/concurrency
        String version = parts[1];
        String name = parts.length > 3 ? URLDecoder.decode(parts[3], StandardCharsets.UTF_8) : null;
        String sub = parts.length > 4 ? parts[4] : "";
        String action = switch (method + " " + version + " " + (name == null ? "" : "{name}") + (sub.isEmpty() ? "" : "/" + sub)) {
            case "GET 2015-03-31 {name}" -> "GetFunction";
            case "POST 2015-03-31 " -> "CreateFunction";
            case "PUT 2015-03-31 {name}/code" -> "UpdateFunctionCode";
            case "PUT 2015-03-31 {name}/configuration" -> "UpdateFunctionConfiguration";
            case "DELETE 2015-03-31 {name}" -> "DeleteFunction";
            case "PUT 2017-10-31 {name}/concurrency" -> "PutFunctionConcurrency";
            case "DELETE 2017-10-31 {name}/concurrency" -> "DeleteFunctionConcurrency";
            case "GET 2019-09-30 {name}/concurrency" -> "GetFunctionConcurrency";
            default -> "Unknown " + method + " " + path;
        };
        calls.add(new Call("lambda", action, Map.of(), body, path));
        switch (action) {
            case "GetFunction" -> {
                Function function = functions.get(name);
                if (function == null) {
                    return lambdaError(404, "ResourceNotFoundException", "Function not found: arn:aws:lambda:us-east-1:"
                            + ACCOUNT + ":function:" + name);
                }
                ObjectNode result = JSON.createObjectNode();
                result.set("Configuration", configurationJson(function));
                result.putObject("Code").put("RepositoryType", "ECR").put("ImageUri", function.imageUri)
                        .put("ResolvedImageUri", function.resolvedImageUri);
                ObjectNode tags = result.putObject("Tags");
                function.tags.forEach(tags::put);
                if (function.reservedConcurrency != null) {
                    result.putObject("Concurrency").put("ReservedConcurrentExecutions", function.reservedConcurrency);
                }
                advance(function);
                return json(200, result);
            }
            case "CreateFunction" -> {
                String functionName = body.path("FunctionName").asText();
                if (functions.containsKey(functionName)) {
                    return lambdaError(409, "ResourceConflictException", "Function already exist: " + functionName);
                }
                if (roleNotAssumableYet > 0) {
                    roleNotAssumableYet--;
                    return lambdaError(400, "InvalidParameterValueException",
                            "The role defined for the function cannot be assumed by Lambda.");
                }
                Function function = new Function(functionName);
                function.packageType = body.path("PackageType").asText("Zip");
                function.role = body.path("Role").asText();
                function.memory = body.path("MemorySize").asInt(128);
                function.timeout = body.path("Timeout").asInt(3);
                function.ephemeralStorage = body.path("EphemeralStorage").path("Size").asInt(512);
                function.environment = variables(body);
                setImage(function, body.path("Code").path("ImageUri").asText());
                body.path("Tags").fields().forEachRemaining(tag -> function.tags.put(tag.getKey(), tag.getValue().asText()));
                function.state = "Pending";
                function.lastUpdateStatus = "InProgress";
                function.pollsUntilDone = pendingPolls;
                functions.put(functionName, function);
                return json(201, configurationJson(function));
            }
            case "UpdateFunctionCode" -> {
                Function function = functions.get(name);
                if (function == null) {
                    return lambdaError(404, "ResourceNotFoundException", "Function not found: " + name);
                }
                setImage(function, body.path("ImageUri").asText());
                function.lastUpdateStatus = "InProgress";
                function.pollsUntilDone = pendingPolls;
                return json(200, configurationJson(function));
            }
            case "UpdateFunctionConfiguration" -> {
                Function function = functions.get(name);
                if (function == null) {
                    return lambdaError(404, "ResourceNotFoundException", "Function not found: " + name);
                }
                if (function.lastUpdateStatus.equals("InProgress")) {
                    return lambdaError(409, "ResourceConflictException", "The operation cannot be performed at this time."
                            + " An update is in progress for resource: " + function.arn());
                }
                if (body.has("Role")) {
                    function.role = body.path("Role").asText();
                }
                if (body.has("MemorySize")) {
                    function.memory = body.path("MemorySize").asInt();
                }
                if (body.has("Timeout")) {
                    function.timeout = body.path("Timeout").asInt();
                }
                if (body.has("EphemeralStorage")) {
                    function.ephemeralStorage = body.path("EphemeralStorage").path("Size").asInt();
                }
                if (body.has("Environment")) {
                    function.environment = variables(body);
                }
                function.lastUpdateStatus = "InProgress";
                function.pollsUntilDone = pendingPolls;
                return json(200, configurationJson(function));
            }
            case "DeleteFunction" -> {
                if (functions.remove(name) == null) {
                    return lambdaError(404, "ResourceNotFoundException", "Function not found: " + name);
                }
                return new MockResponse().setResponseCode(204);
            }
            case "PutFunctionConcurrency" -> {
                Function function = functions.get(name);
                if (function == null) {
                    return lambdaError(404, "ResourceNotFoundException", "Function not found: " + name);
                }
                function.reservedConcurrency = body.path("ReservedConcurrentExecutions").asInt();
                return json(200, JSON.createObjectNode().put("ReservedConcurrentExecutions", function.reservedConcurrency));
            }
            case "DeleteFunctionConcurrency" -> {
                Function function = functions.get(name);
                if (function == null) {
                    return lambdaError(404, "ResourceNotFoundException", "Function not found: " + name);
                }
                function.reservedConcurrency = null;
                return new MockResponse().setResponseCode(204);
            }
            default -> {
                return lambdaError(400, "InvalidRequestContentException", action);
            }
        }
    }

    /** A new image: the URI as given, and resolved to the digest its tag has in the fake's ECR. */
    private void setImage(Function function, String imageUri) {
        function.imageUri = imageUri;
        ImageUri image = ImageUri.parse(imageUri);
        String digest = image.digest().orElseGet(() -> Optional.ofNullable(repositories.get(image.repository()))
                .map(repository -> repository.images.get(image.tag().orElse("latest")))
                .orElse("sha256:" + "0".repeat(64)));
        function.resolvedImageUri = image.registry() + "/" + image.repository() + "@" + digest;
    }

    private static void advance(Function function) {
        if (function.pollsUntilDone > 0) {
            function.pollsUntilDone--;
            return;
        }
        function.state = "Active";
        function.lastUpdateStatus = "Successful";
    }

    private static Map<String, String> variables(JsonNode body) {
        Map<String, String> variables = new TreeMap<>();
        body.path("Environment").path("Variables").fields().forEachRemaining(variable ->
                variables.put(variable.getKey(), variable.getValue().asText()));
        return variables;
    }

    private static ObjectNode configurationJson(Function function) {
        ObjectNode node = JSON.createObjectNode()
                .put("FunctionName", function.name)
                .put("FunctionArn", function.arn())
                .put("Role", function.role)
                .put("Timeout", function.timeout)
                .put("MemorySize", function.memory)
                .put("PackageType", function.packageType)
                .put("State", function.state)
                .put("LastUpdateStatus", function.lastUpdateStatus)
                .put("Description", "");
        node.putObject("EphemeralStorage").put("Size", function.ephemeralStorage);
        ObjectNode variables = node.putObject("Environment").putObject("Variables");
        function.environment.forEach(variables::put);
        node.putArray("Architectures").add("x86_64");
        return node;
    }

    private static MockResponse lambdaError(int status, String type, String message) {
        return new MockResponse().setResponseCode(status)
                .addHeader("Content-Type", "application/json")
                .addHeader("X-Amzn-ErrorType", type)
                .setBody(JSON.createObjectNode().put("Type", "User").put("message", message).toString());
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private static MockResponse json(int status, JsonNode body) {
        return new MockResponse().setResponseCode(status).addHeader("Content-Type", "application/json").setBody(body.toString());
    }

    private static Map<String, String> form(String body) {
        Map<String, String> params = new LinkedHashMap<>();
        if (body.isEmpty()) {
            return params;
        }
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            params.put(key, value);
        }
        return params;
    }

    /** As IAM returns policy documents: URL-encoded (RFC 3986). */
    private static String encode(String document) {
        return URLEncoder.encode(document, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    @Override
    public void close() {
        try {
            server.shutdown();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
