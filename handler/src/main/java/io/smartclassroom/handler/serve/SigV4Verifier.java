package io.smartclassroom.handler.serve;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.signer.Aws4Signer;
import software.amazon.awssdk.auth.signer.params.Aws4SignerParams;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.regions.Region;

/**
 * Checks that a request was signed with AWS Signature Version 4 by a holder of the expected credentials:
 * it recomputes the signature with the SDK's own signer ({@link Aws4Signer}) over what was received —
 * method, path, query, the headers the {@code Authorization} header names as signed, the body — with the
 * request's {@code X-Amz-Date} as the signing clock, and compares the two in constant time. A request
 * whose {@code X-Amz-Date} is more than {@link #MAX_SKEW} away from now is refused, as AWS refuses it.
 *
 * <p>The SDK's newer signer ({@code AwsV4HttpSigner}) always adds and signs {@code x-amz-content-sha256},
 * which the AWS CLI and curl do not send, so it cannot recompute their signatures; {@link Aws4Signer}
 * signs exactly the headers it is given (the SDK's own requests carry and sign that header, and it is
 * checked against the body here).
 */
@SuppressWarnings("deprecation") // Aws4Signer: see above
final class SigV4Verifier {
    static final Duration MAX_SKEW = Duration.ofMinutes(5);
    static final String SERVICE = "lambda";
    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256\\s+Credential=([^,\\s]+),\\s*SignedHeaders=([^,\\s]+),\\s*Signature=([0-9a-f]{64})\\s*");
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final String CONTENT_SHA256 = "x-amz-content-sha256";

    private final ServeCredentials expected;
    private final String region;
    private final Clock clock;
    private final Aws4Signer signer = Aws4Signer.create();

    SigV4Verifier(ServeCredentials expected, String region, Clock clock) {
        this.expected = requireNonNull(expected, "expected");
        this.region = requireNonNull(region, "region");
        this.clock = requireNonNull(clock, "clock");
    }

    /** What was received, as the HTTP server saw it; header names in any case. */
    record ReceivedRequest(String method, String host, String rawPath, String rawQuery, Map<String, List<String>> headers,
            byte[] body) {
        ReceivedRequest {
            requireNonNull(method, "method");
            requireNonNull(host, "host");
            requireNonNull(rawPath, "rawPath");
            requireNonNull(headers, "headers");
            requireNonNull(body, "body");
        }

        Optional<String> header(String name) {
            for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
                if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
                    return Optional.of(String.join(",", entry.getValue()));
                }
            }
            return Optional.empty();
        }
    }

    /** Why a request is refused: the Lambda error type and its message. */
    record Rejection(String errorType, String message) {
        Rejection {
            requireNonNull(errorType, "errorType");
            requireNonNull(message, "message");
        }
    }

    /** Empty when the request is signed by the expected credentials, else why not. */
    Optional<Rejection> verify(ReceivedRequest request) {
        requireNonNull(request, "request");
        Optional<String> authorization = request.header("Authorization");
        if (authorization.isEmpty()) {
            return reject("MissingAuthenticationTokenException", "Missing Authentication Token: the request is not signed "
                    + "(sign it with AWS Signature Version 4, service '" + SERVICE + "', region '" + region + "')");
        }
        Matcher parts = AUTHORIZATION.matcher(authorization.get());
        if (!parts.matches()) {
            return reject("IncompleteSignatureException", "the Authorization header is not an " + ALGORITHM
                    + " header with Credential, SignedHeaders and Signature");
        }
        String[] scope = parts.group(1).split("/");
        List<String> signedHeaders = List.of(parts.group(2).split(";"));
        String signature = parts.group(3);
        if (scope.length != 5 || !"aws4_request".equals(scope[4])) {
            return reject("IncompleteSignatureException", "the Authorization header's Credential is not "
                    + "ACCESS_KEY_ID/DATE/REGION/SERVICE/aws4_request: " + parts.group(1));
        }
        if (!constantTimeEquals(scope[0], expected.accessKeyId())) {
            return reject("UnrecognizedClientException", "The security token included in the request is invalid: "
                    + "access key id " + scope[0] + " is not the one this local endpoint was started with");
        }
        if (!scope[2].equals(region) || !scope[3].equals(SERVICE)) {
            return reject("InvalidSignatureException", "Credential should be scoped to region '" + region + "' and service '"
                    + SERVICE + "', not '" + scope[2] + "' and '" + scope[3] + "'");
        }
        if (!signedHeaders.contains("host") || !signedHeaders.contains("x-amz-date")) {
            return reject("IncompleteSignatureException", "SignedHeaders must include host and x-amz-date: " + parts.group(2));
        }
        Optional<String> amzDate = request.header("X-Amz-Date");
        if (amzDate.isEmpty()) {
            return reject("IncompleteSignatureException", "the signed request has no X-Amz-Date header");
        }
        Instant signedAt;
        try {
            signedAt = Instant.from(AMZ_DATE.parse(amzDate.get()));
        } catch (DateTimeParseException e) {
            return reject("IncompleteSignatureException", "X-Amz-Date is not yyyyMMddTHHmmssZ: " + amzDate.get());
        }
        if (!scope[1].equals(amzDate.get().substring(0, 8))) {
            return reject("InvalidSignatureException", "the Credential's date " + scope[1] + " is not X-Amz-Date's day "
                    + amzDate.get());
        }
        Instant now = clock.instant();
        if (Duration.between(signedAt, now).abs().compareTo(MAX_SKEW) > 0) {
            return reject("InvalidSignatureException", "Signature expired: " + amzDate.get() + " is more than "
                    + MAX_SKEW.toMinutes() + " minutes away from now (" + AMZ_DATE.format(now) + ")");
        }
        Optional<String> contentSha256 = request.header(CONTENT_SHA256);
        if (contentSha256.isPresent() && !contentSha256.get().equals(sha256Hex(request.body()))) {
            return reject("InvalidSignatureException", CONTENT_SHA256 + " does not match the SHA-256 of the body");
        }

        String recomputed = recompute(request, signedHeaders, signedAt);
        if (recomputed == null || !constantTimeEquals(recomputed, signature)) {
            return reject("InvalidSignatureException", "The request signature we calculated does not match the signature "
                    + "you provided. Check your AWS Secret Access Key and signing method.");
        }
        return Optional.empty();
    }

    /** The signature the SDK's signer gives the received request (its signed headers only); null if it signs other headers. */
    private String recompute(ReceivedRequest request, List<String> signedHeaders, Instant signedAt) {
        SdkHttpMethod method;
        try {
            method = SdkHttpMethod.fromValue(request.method());
        } catch (IllegalArgumentException e) {
            return null; // a method the SDK cannot sign was not signed by it either
        }
        SdkHttpFullRequest.Builder rebuilt = SdkHttpFullRequest.builder()
                .method(method)
                .uri(URI.create("http://" + request.host() + request.rawPath()
                        + (request.rawQuery() == null || request.rawQuery().isEmpty() ? "" : "?" + request.rawQuery())))
                .contentStreamProvider(() -> new ByteArrayInputStream(request.body()));
        for (String name : signedHeaders) {
            Optional<String> value = request.header(name);
            if (value.isEmpty()) {
                return null;
            }
            rebuilt.putHeader(name, value.get());
        }
        SdkHttpFullRequest signed = signer.sign(rebuilt.build(), Aws4SignerParams.builder()
                .awsCredentials(AwsBasicCredentials.create(expected.accessKeyId(), expected.secretAccessKey()))
                .signingName(SERVICE)
                .signingRegion(Region.of(region))
                .signingClockOverride(Clock.fixed(signedAt, ZoneOffset.UTC))
                .build());
        String authorization = signed.firstMatchingHeader("Authorization").orElse("");
        Matcher parts = AUTHORIZATION.matcher(authorization);
        if (!parts.matches() || !List.of(parts.group(2).split(";")).equals(signedHeaders)) {
            return null;
        }
        return parts.group(3);
    }

    private static Optional<Rejection> reject(String type, String message) {
        return Optional.of(new Rejection(type, message));
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256Hex(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }
}
