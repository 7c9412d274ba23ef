package io.vetcd.consensus;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.List;

/**
 * Member and cluster ids derived as etcd 3.4 derives them (membership.NewMember and
 * RaftCluster.genID), so the same --initial-cluster gives the same ids in etcd and vetcd: a
 * member id is the first 8 bytes (big endian) of SHA-1 over its sorted peer URLs and the cluster
 * token, followed, for a member added later, by the time of the add in Unix seconds; the cluster
 * id is the same over the member ids, sorted as unsigned numbers, 8 bytes each.
 */
public final class MemberIds {
  private MemberIds() {}

  public static long memberId(Collection<String> peerUrls, String clusterToken) {
    return first8Bytes(sha1(idText(peerUrls, clusterToken).getBytes(StandardCharsets.UTF_8)));
  }

  /** A member added to a running cluster (MemberAdd): etcd gives it no token but the time. */
  public static long addedMemberId(Collection<String> peerUrls, long unixSeconds) {
    return first8Bytes(sha1((idText(peerUrls, "") + unixSeconds)
        .getBytes(StandardCharsets.UTF_8)));
  }

  private static String idText(Collection<String> peerUrls, String clusterToken) {
    StringBuilder text = new StringBuilder();
    peerUrls.stream().sorted().forEach(text::append);
    return text.append(clusterToken).toString();
  }

  public static long clusterId(Collection<Long> memberIds) {
    List<Long> sorted = memberIds.stream().sorted(Long::compareUnsigned).toList();
    ByteBuffer ids = ByteBuffer.allocate(8 * sorted.size());
    sorted.forEach(ids::putLong);
    return first8Bytes(sha1(ids.array()));
  }

  private static long first8Bytes(byte[] hash) {
    return ByteBuffer.wrap(hash, 0, 8).getLong();
  }

  private static byte[] sha1(byte[] input) {
    try {
      return MessageDigest.getInstance("SHA-1").digest(input);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-1", e);
    }
  }
}
