package io.vetcd.raft;

import java.util.List;

/** The membership a snapshot or a conf change leaves behind: sorted voter and learner ids. */
public record ConfState(List<Long> voters, List<Long> learners) {
  public static final ConfState EMPTY = new ConfState(List.of(), List.of());

  public ConfState {
    voters = voters.stream().sorted().distinct().toList();
    learners = learners.stream().sorted().distinct().toList();
    for (Long id : voters) {
      if (learners.contains(id)) {
        throw new IllegalArgumentException("member " + id + " is both voter and learner");
      }
    }
  }

  public static ConfState ofVoters(long... ids) {
    return new ConfState(java.util.Arrays.stream(ids).boxed().toList(), List.of());
  }

  void writeTo(WireWriter out) {
    out.writeInt(voters.size());
    voters.forEach(out::writeLong);
    out.writeInt(learners.size());
    learners.forEach(out::writeLong);
  }

  static ConfState readFrom(WireReader in) {
    return new ConfState(readIds(in), readIds(in));
  }

  private static List<Long> readIds(WireReader in) {
    int count = in.readInt();
    if (count < 0) {
      throw new IllegalArgumentException("negative member count");
    }
    Long[] ids = new Long[count];
    for (int i = 0; i < count; i++) {
      ids[i] = in.readLong();
    }
    return List.of(ids);
  }
}
