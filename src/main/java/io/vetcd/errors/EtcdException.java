package io.vetcd.errors;

/** An expected refusal (bad request, compacted revision, ...): cheap, no stack trace. */
public final class EtcdException extends RuntimeException {
  private final EtcdError error;

  public EtcdException(EtcdError error) {
    super(error.message, null, false, false);
    this.error = error;
  }

  public EtcdError error() {
    return error;
  }
}
