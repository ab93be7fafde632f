package io.smartclassroom.provisioning.aws;

import software.amazon.awssdk.services.s3.model.S3Exception;

/** Tells S3 error answers apart by status and code. */
final class S3Errors {
    private S3Errors() {}

    static boolean isNotFound(S3Exception e) {
        return e.statusCode() == 404;
    }

    /** S3Proxy (the local cloud) answers 501 NotImplemented to APIs it does not have, e.g. bucket notifications. */
    static boolean isNotImplemented(S3Exception e) {
        return e.statusCode() == 501
                || (e.awsErrorDetails() != null && "NotImplemented".equals(e.awsErrorDetails().errorCode()));
    }

    static String describe(S3Exception e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return "HTTP " + e.statusCode() + (code == null ? "" : " " + code);
    }
}
