package io.smartclassroom.handler.serve;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Raw HTTP/1.1 requests to the local invoke endpoint, signed (or not) with the SDK's SigV4 signer, over a
 * plain socket so that any Host header can be sent.
 */
final class SignedHttp {
    record Answer(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private SignedHttp() {}

    /** The headers {@code curl --aws-sigv4} would sign: the given ones plus host and x-amz-date, signed at {@code clock}. */
    static Map<String, String> sign(String authority, String path, Map<String, String> headers, byte[] body,
            ServeCredentials credentials, String region, Clock clock) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.POST)
                .uri(URI.create("http://" + authority + path));
        headers.forEach(request::putHeader);
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(credentials.accessKeyId(), credentials.secretAccessKey()))
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "lambda")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, clock)).request();
        Map<String, String> result = new LinkedHashMap<>();
        signed.headers().forEach((name, values) -> result.put(name, String.join(",", values)));
        return result;
    }

    /** Sends POST {@code path} to 127.0.0.1:{@code port} with exactly these headers (Host among them) and body. */
    static Answer post(int port, String path, Map<String, String> headers, byte[] body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(UTF_8));
            out.write(body);
            out.flush();
            return parse(socket.getInputStream());
        }
    }

    private static Answer parse(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        String text = all.toString(UTF_8);
        int end = text.indexOf("\r\n\r\n");
        List<String> lines = List.of(text.substring(0, end).split("\r\n"));
        int status = Integer.parseInt(lines.get(0).split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        return new Answer(status, headers, text.substring(end + 4));
    }
}
