/**
 * The OpenStack side of the hybrid deployment: a Nova server that runs the smart-classroom monitor.
 *
 * <h2>What {@code up} makes, in order ({@code down} deletes in reverse)</h2>
 * <ol>
 *   <li><b>image</b> {@code openstack.image}: an existing Glance image is used and never deleted; if there is none
 *       and {@code openstack.image.file} names a local file, it is uploaded (streamed, tagged
 *       {@code managed-by=<prefix>}) and {@code down} deletes it;</li>
 *   <li><b>security-group</b> {@code <prefix>-monitor}: SSH (TCP 22) and ICMP in from {@code openstack.ssh-cidr};</li>
 *   <li><b>keypair</b> {@code <prefix>-monitor}: {@code openstack.public-key-file} imported, or the public half of
 *       {@code openstack.private-key-file} if that exists, or a new RSA key whose private half is written there
 *       with mode 0600 ({@code down} keeps that file);</li>
 *   <li><b>server</b> {@code <prefix>-monitor}: flavor {@code openstack.flavor}, network {@code openstack.network},
 *       the security group and keypair above, metadata {@code managed-by=<prefix>}, and cloud-init user-data
 *       ({@link io.smartclassroom.provisioning.openstack.CloudInitUserData}) that installs a JRE, creates the
 *       system user {@code smart-classroom}, writes {@code /etc/smart-classroom/monitor.env} (no secret), downloads
 *       {@code monitor.jar} from a URL (checked against its SHA-256 when given) and enables the monitor's systemd
 *       unit. {@code up} waits until the server is ACTIVE; a server in ERROR is replaced;</li>
 *   <li><b>floating-ip</b> (with {@code openstack.external-network} only): allocated from that network and
 *       associated with the server's port; one already associated is used as it is;</li>
 *   <li><b>monitor-credentials</b>: the monitor's AWS key, delivered over SSH with the host key checked against the
 *       console log ({@link io.smartclassroom.provisioning.openstack.MonitorCredentialsResource}); the metadata item
 *       {@code aws-access-key-id} records which key (its id, never its secret) the server runs with.</li>
 * </ol>
 * A second {@code up} finds everything and changes nothing. Resources are found by name within the token's project
 * and must carry the {@code managed-by=<prefix>} mark (Glance tag, Nova metadata, Neutron description), so that
 * {@code down} never deletes what it did not create.
 *
 * <h2>Credentials</h2>
 * Keystone v3 only, from {@code clouds.yaml} ({@code openstack.cloud} or {@code OS_CLOUD}) or the {@code OS_*}
 * variables; password or application-credential authentication. See
 * {@link io.smartclassroom.provisioning.openstack.OpenStackCredentialsResolver}.
 *
 * <h2>Secrets</h2>
 * Passwords, application-credential secrets, the monitor's AWS secret key, a presigned jar URL's signature and
 * the generated private key are never logged or printed: {@code toString()} of the types that hold them redacts
 * them, and {@link io.smartclassroom.provisioning.openstack.UserData#redacted()} is the printable user-data.
 */
package io.smartclassroom.provisioning.openstack;
