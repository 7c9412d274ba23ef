package io.vetcd.api.http;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.vertx.core.buffer.Buffer;
import java.io.EOFException;

/**
 * JSON to protobuf bytes and back for any message type, in the JSON of etcd 3.4's grpc-gateway
 * (golang/protobuf jsonpb with OrigName): output with the proto field names, 64-bit integers as
 * strings, bytes in base64, enums by name, zero values left out; input in either naming style,
 * with enums as names or numbers and 64-bit integers as numbers or strings. Unknown fields are
 * ignored, as grpc-gateway v1 ignores them.
 */
final class ProtoJson {
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().preservingProtoFieldNames().omittingInsignificantWhitespace();

  private ProtoJson() {}

  /** The protobuf encoding of {@code json}, a message of type {@code type}; blank is empty. */
  static Buffer toProto(Descriptor type, String json) throws InvalidProtocolBufferException {
    DynamicMessage.Builder message = DynamicMessage.newBuilder(type);
    if (!json.isBlank()) {
      PARSER.merge(json, message);
    }
    return Buffer.buffer(message.build().toByteArray());
  }

  /**
   * Why {@code json} could not be parsed, worded as Go's encoding/json where the two parsers can
   * agree: a truncated body is "unexpected EOF". Other syntax errors keep the Java parser's text.
   */
  static String reason(InvalidProtocolBufferException malformed) {
    for (Throwable cause = malformed; cause != null; cause = cause.getCause()) {
      // JsonFormat keeps Gson's exception as the cause, or only its text.
      if (cause instanceof EOFException
          || String.valueOf(cause.getMessage()).startsWith(EOFException.class.getName())) {
        return "unexpected EOF";
      }
    }
    return malformed.getMessage();
  }

  /** The gateway's JSON for {@code bytes}, a message of type {@code type}. */
  static String toJson(Descriptor type, Buffer bytes) throws InvalidProtocolBufferException {
    return PRINTER.print(DynamicMessage.parseFrom(type, bytes.getBytes()));
  }

  /** The gateway's JSON for {@code bytes}, a message of type {@code type}. */
  static String toJson(Descriptor type, ByteString bytes) throws InvalidProtocolBufferException {
    return PRINTER.print(DynamicMessage.parseFrom(type, bytes));
  }
}
