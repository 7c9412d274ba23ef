package io.vetcd.config;

import java.util.Locale;

/** The versions vetcd reports: its own, and the etcd release whose API it serves. */
public final class Versions {
  /** The etcd server version clients see (etcdctl and clientv3 check the major and minor). */
  public static final String ETCD_SERVER = "3.4.23";
  /** The etcd cluster version, which etcd reports as major.minor.0. */
  public static final String ETCD_CLUSTER = "3.4.0";

  private Versions() {
  }

  /** The version in the jar's manifest, or "dev" when running from classes. */
  public static String vetcd() {
    String version = Versions.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  /** What --version prints, in etcd's layout. */
  static String text() {
    return "etcd Version: " + ETCD_SERVER + "\n"
        + "vetcd Version: " + vetcd() + "\n"
        + "Java Version: " + Runtime.version() + "\n"
        + "OS/Arch: " + System.getProperty("os.name").toLowerCase(Locale.ROOT) + "/"
        + System.getProperty("os.arch") + "\n";
  }
}
