package io.smartclassroom.provisioning.aws;

import static java.util.Objects.requireNonNull;

import io.smartclassroom.provisioning.LocalFile;
import io.smartclassroom.provisioning.Resource;
import io.smartclassroom.provisioning.ResourceState;
import io.smartclassroom.provisioning.config.S3Location;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A local file kept as an S3 object: the enrolled face encodings, or the monitor.jar the OpenStack server
 * downloads. It is uploaded with its SHA-256 in the object's metadata and uploaded again only when the local
 * file's SHA-256 differs (objects without that metadata are compared by ETag, which is the MD5 of a single-part
 * upload).
 */
public final class UploadedObject implements Resource {
    static final String SHA256_METADATA = "sha256";

    private final S3Client s3;
    private final String kind;
    private final S3Location location;
    private final Optional<LocalFile> localFile;
    private final String noFileNote;

    /** The encodings object. */
    public static UploadedObject encodings(S3Client s3, S3Location location, Optional<LocalFile> localFile) {
        return new UploadedObject(s3, "encodings", location, localFile, "no encodings file given (--encodings)");
    }

    /**
     * @param kind what the object is, e.g. {@code encodings}
     * @param localFile the file to upload; empty when there is none for this command
     * @param noFileNote why there is no file, e.g. {@code no encodings file given (--encodings)}
     */
    public UploadedObject(S3Client s3, String kind, S3Location location, Optional<LocalFile> localFile, String noFileNote) {
        this.s3 = requireNonNull(s3, "s3");
        this.kind = requireNonNull(kind, "kind");
        this.location = requireNonNull(location, "location");
        this.localFile = requireNonNull(localFile, "localFile");
        this.noFileNote = requireNonNull(noFileNote, "noFileNote");
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public String name() {
        return location.toString();
    }

    @Override
    public String presentWord() {
        return "unchanged";
    }

    @Override
    public ResourceState inspect() {
        Optional<HeadObjectResponse> head = head();
        if (head.isEmpty()) {
            return localFile.<ResourceState>map(file -> new ResourceState.Absent(describe(file)))
                    .orElseGet(() -> new ResourceState.Unmanaged("absent; " + noFileNote));
        }
        if (localFile.isEmpty()) {
            return new ResourceState.Present(head.get().contentLength() + " bytes; not compared, " + noFileNote);
        }
        LocalFile file = localFile.get();
        return isSameContent(head.get(), file)
                ? new ResourceState.Present(describe(file))
                : new ResourceState.Differs(List.of("content differs from " + file.path() + " (sha256 " + shortHash(file.sha256()) + ")"));
    }

    @Override
    public String create() {
        return upload();
    }

    @Override
    public String update(ResourceState.Differs current) {
        return upload();
    }

    @Override
    public String delete() {
        s3.deleteObject(request -> request.bucket(location.bucket()).key(location.key()));
        return "";
    }

    static boolean isSameContent(HeadObjectResponse head, LocalFile file) {
        String sha256 = head.metadata().get(SHA256_METADATA);
        if (sha256 != null) {
            return sha256.equalsIgnoreCase(file.sha256());
        }
        String eTag = head.eTag() == null ? "" : head.eTag().replace("\"", "").toLowerCase(Locale.ROOT);
        return eTag.equals(file.md5());
    }

    private String upload() {
        LocalFile file = localFile.orElseThrow(() -> new IllegalStateException(noFileNote));
        s3.putObject(request -> request
                        .bucket(location.bucket())
                        .key(location.key())
                        .contentType(contentType(file))
                        .metadata(Map.of(SHA256_METADATA, file.sha256())),
                RequestBody.fromFile(file.path()));
        return describe(file);
    }

    private static String contentType(LocalFile file) {
        String name = file.path().toString();
        if (name.endsWith(".json")) {
            return "application/json";
        }
        if (name.endsWith(".jar")) {
            return "application/java-archive";
        }
        return "application/octet-stream";
    }

    /** The SHA-256 of the local file, when there is one. */
    public Optional<String> sha256() {
        return localFile.map(LocalFile::sha256);
    }

    public S3Location location() {
        return location;
    }

    private Optional<HeadObjectResponse> head() {
        try {
            return Optional.of(s3.headObject(request -> request.bucket(location.bucket()).key(location.key())));
        } catch (S3Exception e) {
            if (S3Errors.isNotFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static String describe(LocalFile file) {
        return file.size() + " bytes, sha256 " + shortHash(file.sha256());
    }

    private static String shortHash(String hash) {
        return hash.substring(0, Math.min(12, hash.length()));
    }
}
