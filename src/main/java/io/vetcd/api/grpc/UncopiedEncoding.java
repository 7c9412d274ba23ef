package io.vetcd.api.grpc;

import com.google.protobuf.MessageLite;
import io.netty.buffer.Unpooled;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.grpc.common.GrpcMessage;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.WireFormat;

/**
 * Protobuf responses encoded into a buffer that wraps the serialized bytes. Vert.x's own encoder
 * copies them into a second array (Buffer.buffer(byte[])), and the gRPC framing copies them once
 * more: with a watch fan-out that is a copy of every event for every watcher, a tenth of the
 * member's allocation in the watch benchmark. Other wire formats (gRPC-Web's JSON) go to the
 * generated encoder.
 */
final class UncopiedEncoding {
  private UncopiedEncoding() {}

  static <T> GrpcMessageEncoder<T> of(GrpcMessageEncoder<T> generated) {
    return new GrpcMessageEncoder<>() {
      @Override
      public GrpcMessage encode(T message, WireFormat format) {
        if (format == WireFormat.PROTOBUF && message instanceof MessageLite proto) {
          return GrpcMessage.message("identity",
              BufferInternal.buffer(Unpooled.wrappedBuffer(proto.toByteArray())));
        }
        return generated.encode(message, format);
      }

      @Override
      public boolean accepts(WireFormat format) {
        return generated.accepts(format);
      }
    };
  }
}
