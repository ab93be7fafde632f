package io.smartclassroom.localcloud;

/** The AWS services the local cloud emulates, with the SDK's endpoint variable for each. */
public enum Service {
    SQS("AWS_ENDPOINT_URL_SQS"),
    S3("AWS_ENDPOINT_URL_S3"),
    DYNAMODB("AWS_ENDPOINT_URL_DYNAMODB");

    private final String endpointVariable;

    Service(String endpointVariable) {
        this.endpointVariable = endpointVariable;
    }

    /** The environment variable through which the AWS SDK picks up this service's endpoint. */
    public String endpointVariable() {
        return endpointVariable;
    }
}
