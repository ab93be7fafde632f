package io.smartclassroom.provisioning.openstack;

import io.smartclassroom.provisioning.ProvisioningException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.openstack4j.api.EndpointTokenProvider;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.api.types.ServiceType;
import org.openstack4j.core.transport.Config;
import org.openstack4j.core.transport.UntrustedSSL;
import org.openstack4j.openstack.internal.OSClientSession;

/**
 * Streams an image file to Glance v2 ({@code PUT /v2/images/{id}/file}). openstack4j's okhttp connector reads a
 * whole upload into one byte array, which a multi-gigabyte image does not fit; this sends it from disk instead,
 * with the session's token and its catalog's image endpoint.
 */
final class GlanceImageUpload {
    private static final MediaType OCTET_STREAM = MediaType.get("application/octet-stream");
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration TRANSFER_TIMEOUT = Duration.ofMinutes(10);

    private GlanceImageUpload() {}

    static void upload(OSClientV3 client, String imageId, Path file) {
        EndpointTokenProvider session = (EndpointTokenProvider) client;
        String url = imageApi(session.getEndpoint(ServiceType.IMAGE)) + "/images/" + imageId + "/file";
        OkHttpClient.Builder builder = new OkHttpClient.Builder()
                .connectTimeout(CONNECT_TIMEOUT)
                .readTimeout(TRANSFER_TIMEOUT)
                .writeTimeout(TRANSFER_TIMEOUT);
        Config config = ((OSClientSession<?, ?>) client).getConfig();
        if (config != null && config.isIgnoreSSLVerification()) {
            builder.sslSocketFactory(UntrustedSSL.getSSLContext().getSocketFactory(), UntrustedSSL.getTrustManager())
                    .hostnameVerifier(UntrustedSSL.getHostnameVerifier());
        }
        OkHttpClient http = builder.build();
        Request request = new Request.Builder()
                .url(url)
                .header("X-Auth-Token", session.getTokenId())
                .put(RequestBody.create(file.toFile(), OCTET_STREAM))
                .build();
        try (Response response = http.newCall(request).execute()) {
            if (!response.isSuccessful()) {
                ResponseBody body = response.body();
                String text = body == null ? "" : body.string();
                throw new ProvisioningException("uploading " + file + " to image " + imageId + " failed: HTTP "
                        + response.code() + " " + OpenStackErrors.oneLine(text.length() > 300 ? text.substring(0, 300) : text));
            }
        } catch (IOException e) {
            throw new ProvisioningException("uploading " + file + " to image " + imageId + " failed: " + e.getMessage(), e);
        } finally {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    /** The Glance v2 API root for a catalog endpoint, which may or may not end in a version. */
    static String imageApi(String endpoint) {
        String url = endpoint;
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        if (url.matches(".*/v\\d+(\\.\\d+)?")) {
            url = url.substring(0, url.lastIndexOf('/'));
        }
        return url + "/v2";
    }
}
