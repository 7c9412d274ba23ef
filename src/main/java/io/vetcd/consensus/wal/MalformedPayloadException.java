package io.vetcd.consensus.wal;

/**
 * A record passed its CRC but its payload does not decode. The writer cannot produce this, so
 * recovery reports it as corruption at the record's offset.
 */
final class MalformedPayloadException extends RuntimeException {
  MalformedPayloadException(String reason) {
    super(reason, null, false, false);
  }
}
