package io.vetcd.sim;

import java.nio.charset.StandardCharsets;

/**
 * What the simulated clients put in log entries: a put of a key (with the request id, so that a
 * duplicated proposal applies once) or the liveness marker.
 */
record SimCommand(char kind, long requestId, String key, String value) {
  static final char PUT = 'P';
  static final char MARKER = 'M';

  static SimCommand put(long requestId, String key, String value) {
    return new SimCommand(PUT, requestId, key, value);
  }

  static SimCommand marker(long requestId) {
    return new SimCommand(MARKER, requestId, "", "");
  }

  byte[] encode() {
    return (kind + "|" + requestId + "|" + key + "|" + value).getBytes(StandardCharsets.UTF_8);
  }

  static SimCommand decode(byte[] data) {
    String[] parts = new String(data, StandardCharsets.UTF_8).split("\\|", 4);
    return new SimCommand(parts[0].charAt(0), Long.parseLong(parts[1]), parts[2], parts[3]);
  }
}
