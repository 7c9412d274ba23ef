package io.vetcd.api.http;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The gateway's JSON for the messages of one streamed type, converted field by field with the
 * JSON of each field's bytes kept for the next message that has them. A watch batch reaches every
 * watcher of a prefix in WatchResponses that differ only in their watch id, with the same header
 * and events, and each watcher's id recurs in its every response; converting each message whole
 * took 12.6 us of CPU per delivered event, so that 1,000 WebSocket watchers of 100 puts/s
 * saturated the client port's event loop and waited seconds for their events.
 *
 * <p>The messages come from this member's own gRPC server, whose protobuf encoder writes the
 * fields in number order, the elements of a repeated field together; the printer writes them in
 * number order too, so the members join in that order. A message laid out otherwise is converted
 * whole.
 */
final class SharedFieldsJson {
  /**
   * Distinct field contents kept, least recently used out first: a batch's header and events are
   * used by each of its messages, so they stay while the watch ids of up to this many watchers
   * are kept too.
   */
  private static final int MAX_KEPT = 4096;
  /** Characters kept in all. */
  private static final int MAX_CHARS = 2 << 20;
  /** A field's JSON longer than this is converted every time. */
  private static final int MAX_FIELD_CHARS = 512 << 10;

  private final Descriptor type;
  /** In access order, so that the least recently used go first. */
  private final Map<ByteString, String> kept = new LinkedHashMap<>(MAX_KEPT, 0.75f, true);
  private int keptChars;

  SharedFieldsJson(Descriptor type) {
    this.type = type;
  }

  /**
   * The gateway's JSON for {@code message}, the protobuf bytes of a message of this type.
   * Synchronized: a gateway's streams share its event loop, but the kept fields need not rely on
   * it.
   */
  synchronized String toJson(Buffer message) throws InvalidProtocolBufferException {
    byte[] bytes = message.getBytes();
    StringBuilder json = new StringBuilder(bytes.length * 2).append('{');
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    int lastField = 0;
    int runStart = 0;
    try {
      while (!in.isAtEnd()) {
        int position = in.getTotalBytesRead();
        int tag = in.readTag();
        int field = WireFormat.getTagFieldNumber(tag);
        if (field != lastField) {
          if (field < lastField) {
            return ProtoJson.toJson(type, message);
          }
          appendMember(json, bytes, runStart, position);
          lastField = field;
          runStart = position;
        }
        in.skipField(tag);
      }
    } catch (IOException e) {
      throw e instanceof InvalidProtocolBufferException malformed
          ? malformed : new InvalidProtocolBufferException(e);
    }
    appendMember(json, bytes, runStart, bytes.length);
    return json.append('}').toString();
  }

  /** Appends the JSON member of one field's bytes, {@code bytes[start, end)}. */
  private void appendMember(StringBuilder json, byte[] bytes, int start, int end)
      throws InvalidProtocolBufferException {
    if (start == end) {
      return;
    }
    ByteString encoded = ByteString.copyFrom(bytes, start, end - start);
    String member = kept.get(encoded);
    if (member == null) {
      String alone = ProtoJson.toJson(type, encoded);
      member = alone.substring(1, alone.length() - 1);
      if (member.length() <= MAX_FIELD_CHARS) {
        keep(encoded, member);
      }
    }
    if (!member.isEmpty()) {
      json.append(json.length() > 1 ? "," : "").append(member);
    }
  }

  private void keep(ByteString encoded, String member) {
    kept.put(encoded, member);
    keptChars += member.length();
    Iterator<String> eldest = kept.values().iterator();
    while (kept.size() > MAX_KEPT || keptChars > MAX_CHARS) {
      keptChars -= eldest.next().length();
      eldest.remove();
    }
  }
}
