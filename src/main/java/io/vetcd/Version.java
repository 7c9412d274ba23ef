package io.vetcd;

/** Versions a client can read (Status, /version): the etcd API implemented, and vetcd's own. */
public final class Version {
  /** The etcd server version whose v3 API vetcd implements; clients compare it as semver. */
  public static final String ETCD_SERVER = "3.4.23";
  /** The cluster version etcd 3.4 reports (major.minor.0). */
  public static final String ETCD_CLUSTER = "3.4.0";
  public static final String VETCD = "0.1.0";

  private Version() {}
}
