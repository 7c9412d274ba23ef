package io.vetcd.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The members a new cluster starts with: member name to its peer URLs. Written as comma-separated
 * name=url pairs; a name given several times has several peer URLs
 * ({@code a=http://10.0.0.1:2380,a=http://10.0.0.2:2380,b=http://10.0.0.3:2380}).
 * Names and each member's URLs are kept sorted, as etcd keeps them, so that every member derives
 * the same cluster from the same text.
 */
public record InitialCluster(SortedMap<String, List<MemberUrl>> peerUrlsByName) {

  public InitialCluster {
    Set<MemberUrl> seen = new HashSet<>();
    peerUrlsByName.values().forEach(urls -> urls.forEach(url -> {
      // Two members at one address could never both be reached: etcd refuses this at bootstrap.
      if (!seen.add(url)) {
        throw new IllegalArgumentException("initial cluster has duplicate url " + url);
      }
    }));
    TreeMap<String, List<MemberUrl>> copy = new TreeMap<>();
    peerUrlsByName.forEach((name, urls) -> {
      if (urls.isEmpty()) {
        throw new IllegalArgumentException("member " + name + " has no peer URL");
      }
      copy.put(name, MemberUrl.sorted(urls));
    });
    peerUrlsByName = Collections.unmodifiableSortedMap(copy);
  }

  /**
   * Parses etcd's initial-cluster text. Empty pairs are skipped; a pair without "=" is a name with
   * an empty URL, which fails URL parsing as it does in etcd.
   */
  public static InitialCluster parse(String text) {
    Map<String, List<String>> urlTextsByName = new LinkedHashMap<>();
    for (String pair : text.split(",")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String url = equals < 0 ? "" : pair.substring(equals + 1);
      urlTextsByName.computeIfAbsent(name, n -> new ArrayList<>()).add(url);
    }
    TreeMap<String, List<MemberUrl>> peerUrlsByName = new TreeMap<>();
    urlTextsByName.forEach((name, urls) ->
        peerUrlsByName.put(name, urls.stream().map(MemberUrl::parse).toList()));
    return new InitialCluster(peerUrlsByName);
  }

  /** The cluster etcd assumes when only a name is given: this member alone, at its peer URLs. */
  public static InitialCluster ofSingleMember(String name, List<MemberUrl> peerUrls) {
    return new InitialCluster(new TreeMap<>(Map.of(name, peerUrls)));
  }

  public boolean contains(String name) {
    return peerUrlsByName.containsKey(name);
  }

  /** The peer URLs of a member, or an empty list if the name is not in the cluster. */
  public List<MemberUrl> peerUrls(String name) {
    return peerUrlsByName.getOrDefault(name, List.of());
  }

  public int size() {
    return peerUrlsByName.size();
  }

  /** The text form etcd prints: name=url pairs, sorted. */
  @Override
  public String toString() {
    return peerUrlsByName.entrySet().stream()
        .flatMap(e -> e.getValue().stream().map(url -> e.getKey() + "=" + url))
        .sorted()
        .collect(Collectors.joining(","));
  }
}
