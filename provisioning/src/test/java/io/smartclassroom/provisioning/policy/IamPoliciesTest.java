package io.smartclassroom.provisioning.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The IAM policy documents, exactly: every action and every resource ARN. */
class IamPoliciesTest {
    private static final AwsAccount ACCOUNT = new AwsAccount("aws", "eu-west-1", "123456789012");
    private static final IamPolicies.FunctionAccess ACCESS = new IamPolicies.FunctionAccess(
            "smart-classroom-input", "smart-classroom-output", "smart-classroom-output", "config/encodings.json",
            "smart-classroom-students", "name-index", "smart-classroom-face-recognition");

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void onlyTheLambdaServiceMayAssumeTheFunctionRole() throws Exception {
        assertThat(IamPolicies.lambdaTrust().toJson()).isEqualTo(json.readTree("""
                {
                  "Version": "2012-10-17",
                  "Statement": [{
                    "Sid": "LambdaAssumesRole",
                    "Effect": "Allow",
                    "Principal": {"Service": "lambda.amazonaws.com"},
                    "Action": "sts:AssumeRole"
                  }]
                }
                """));
    }

    @Test
    void theFunctionMayReadVideosWriteCsvsReadEncodingsQueryStudentsAndWriteItsOwnLogs() throws Exception {
        assertThat(IamPolicies.function(ACCOUNT, ACCESS).toJson()).isEqualTo(json.readTree("""
                {
                  "Version": "2012-10-17",
                  "Statement": [
                    {"Sid": "ReadVideos", "Effect": "Allow", "Action": "s3:GetObject",
                     "Resource": "arn:aws:s3:::smart-classroom-input/*"},
                    {"Sid": "WriteResults", "Effect": "Allow", "Action": "s3:PutObject",
                     "Resource": "arn:aws:s3:::smart-classroom-output/*.csv"},
                    {"Sid": "ReadEncodings", "Effect": "Allow", "Action": "s3:GetObject",
                     "Resource": "arn:aws:s3:::smart-classroom-output/config/encodings.json"},
                    {"Sid": "FindStudents", "Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:Query"],
                     "Resource": ["arn:aws:dynamodb:eu-west-1:123456789012:table/smart-classroom-students",
                                  "arn:aws:dynamodb:eu-west-1:123456789012:table/smart-classroom-students/index/name-index"]},
                    {"Sid": "WriteOwnLogs", "Effect": "Allow",
                     "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
                     "Resource": ["arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/smart-classroom-face-recognition",
                                  "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/smart-classroom-face-recognition:*"]}
                  ]
                }
                """));
    }

    @Test
    void theFunctionPolicyGrantsNoWildcardActionAndNoOtherService() {
        JsonNode policy = IamPolicies.function(ACCOUNT, ACCESS).toJson();

        for (JsonNode statement : policy.get("Statement")) {
            assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
            assertThat(statement.has("Principal")).isFalse();
            statement.get("Action").forEach(action -> assertThat(action.asText()).doesNotContain("*").matches("(s3|dynamodb|logs):[A-Za-z]+"));
            if (statement.get("Action").isTextual()) {
                assertThat(statement.get("Action").asText()).doesNotContain("*").matches("(s3|dynamodb|logs):[A-Za-z]+");
            }
        }
        assertThat(policy.toString()).doesNotContain("\"*\"", "s3:*", "dynamodb:*", "DeleteObject", "PutItem", "Scan");
    }

    @Test
    void encodingsInAnotherBucketAreReadFromThere() {
        IamPolicies.FunctionAccess elsewhere = new IamPolicies.FunctionAccess("in", "out", "models-bucket", "face/enc.json",
                "students", "by-name", "f");

        JsonNode statements = IamPolicies.function(new AwsAccount("aws-cn", "cn-north-1", "210987654321"), elsewhere).toJson().get("Statement");

        assertThat(statements.get(2).get("Resource").asText()).isEqualTo("arn:aws-cn:s3:::models-bucket/face/enc.json");
        assertThat(statements.get(3).get("Resource").get(1).asText())
                .isEqualTo("arn:aws-cn:dynamodb:cn-north-1:210987654321:table/students/index/by-name");
    }

    @Test
    void theMonitorMayOnlyConsumeTheQueueSendToItsDeadLetterQueueAndInvokeTheFunction() throws Exception {
        assertThat(IamPolicies.monitor(ACCOUNT, "smart-classroom-requests", "smart-classroom-requests-dlq",
                "smart-classroom-face-recognition").toJson())
                .isEqualTo(json.readTree("""
                        {
                          "Version": "2012-10-17",
                          "Statement": [
                            {"Sid": "ConsumeRequests", "Effect": "Allow",
                             "Action": ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility",
                                        "sqs:GetQueueAttributes", "sqs:GetQueueUrl"],
                             "Resource": "arn:aws:sqs:eu-west-1:123456789012:smart-classroom-requests"},
                            {"Sid": "DeadLetterRequests", "Effect": "Allow",
                             "Action": ["sqs:SendMessage", "sqs:GetQueueUrl", "sqs:GetQueueAttributes"],
                             "Resource": "arn:aws:sqs:eu-west-1:123456789012:smart-classroom-requests-dlq"},
                            {"Sid": "InvokeFunction", "Effect": "Allow", "Action": "lambda:InvokeFunction",
                             "Resource": "arn:aws:lambda:eu-west-1:123456789012:function:smart-classroom-face-recognition"},
                            {"Sid": "PublishMetrics", "Effect": "Allow", "Action": "cloudwatch:PutMetricData",
                             "Resource": "*",
                             "Condition": {"StringEquals": {"cloudwatch:namespace": "SmartClassroom"}}}
                          ]
                        }
                        """));
    }

    @Test
    void withItsAddressTheMonitorMayActOnlyFromThere() throws Exception {
        assertThat(IamPolicies.monitor(ACCOUNT, "smart-classroom-requests", "smart-classroom-requests-dlq",
                "smart-classroom-face-recognition", java.util.List.of("203.0.113.7/32")).toJson())
                .isEqualTo(json.readTree("""
                        {
                          "Version": "2012-10-17",
                          "Statement": [
                            {"Sid": "ConsumeRequests", "Effect": "Allow",
                             "Action": ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility",
                                        "sqs:GetQueueAttributes", "sqs:GetQueueUrl"],
                             "Resource": "arn:aws:sqs:eu-west-1:123456789012:smart-classroom-requests",
                             "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.7/32"}}},
                            {"Sid": "DeadLetterRequests", "Effect": "Allow",
                             "Action": ["sqs:SendMessage", "sqs:GetQueueUrl", "sqs:GetQueueAttributes"],
                             "Resource": "arn:aws:sqs:eu-west-1:123456789012:smart-classroom-requests-dlq",
                             "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.7/32"}}},
                            {"Sid": "InvokeFunction", "Effect": "Allow", "Action": "lambda:InvokeFunction",
                             "Resource": "arn:aws:lambda:eu-west-1:123456789012:function:smart-classroom-face-recognition",
                             "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.7/32"}}},
                            {"Sid": "PublishMetrics", "Effect": "Allow", "Action": "cloudwatch:PutMetricData",
                             "Resource": "*",
                             "Condition": {"StringEquals": {"cloudwatch:namespace": "SmartClassroom"},
                                           "IpAddress": {"aws:SourceIp": "203.0.113.7/32"}}}
                          ]
                        }
                        """));
        assertThatThrownBy(() -> IamPolicies.monitor(ACCOUNT, "q", "q-dlq", "f", java.util.List.of("203.0.113.7")))
                .hasMessage("monitor source address '203.0.113.7' is not an IPv4 CIDR such as 203.0.113.7/32");
    }

    @Test
    void arnsOfTheAccount() {
        assertThat(ACCOUNT.iamRole("r").toString()).isEqualTo("arn:aws:iam::123456789012:role/r");
        assertThat(ACCOUNT.iamUser("u").toString()).isEqualTo("arn:aws:iam::123456789012:user/u");
        assertThat(ACCOUNT.ecrRepository("repo").toString()).isEqualTo("arn:aws:ecr:eu-west-1:123456789012:repository/repo");
        assertThat(ACCOUNT.s3Bucket("b").toString()).isEqualTo("arn:aws:s3:::b");
        assertThatThrownBy(() -> new AwsAccount("aws", "eu-west-1", "12345")).hasMessageContaining("not an AWS account id");
    }

    @Test
    void aTrustStatementNeedsAPrincipalAndAnIdentityStatementAResource() {
        assertThatThrownBy(() -> PolicyStatement.allow("NoResource", java.util.List.of("s3:GetObject"), java.util.List.of()))
                .hasMessageContaining("needs at least one resource");
    }

    @Test
    void aPolicyAsIamReturnsItIsTheSameDocument() throws Exception {
        PolicyDocument document = IamPolicies.monitor(ACCOUNT, "q", "q-dlq", "f");
        JsonNode reordered = json.readTree("""
                {"Statement":[{"Resource":["arn:aws:lambda:eu-west-1:123456789012:function:f"],"Action":["lambda:InvokeFunction"],
                  "Effect":"Allow","Sid":"InvokeFunction"},
                 {"Resource":"arn:aws:sqs:eu-west-1:123456789012:q","Effect":"Allow","Sid":"ConsumeRequests",
                  "Action":["sqs:GetQueueUrl","sqs:ReceiveMessage","sqs:ChangeMessageVisibility","sqs:DeleteMessage","sqs:GetQueueAttributes"]},
                 {"Sid":"DeadLetterRequests","Action":["sqs:GetQueueAttributes","sqs:GetQueueUrl","sqs:SendMessage"],"Effect":"Allow",
                  "Resource":"arn:aws:sqs:eu-west-1:123456789012:q-dlq"},
                 {"Sid":"PublishMetrics","Action":"cloudwatch:PutMetricData","Effect":"Allow","Resource":"*",
                  "Condition":{"StringEquals":{"cloudwatch:namespace":["SmartClassroom"]}}}],
                 "Version":"2012-10-17"}
                """);

        assertThat(document.sameAs(reordered)).isTrue();
        assertThat(document.sameAs(json.readTree(document.toJsonString().replace("function:f", "function:*")))).isFalse();
    }
}
