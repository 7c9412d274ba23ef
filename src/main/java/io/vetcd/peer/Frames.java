package io.vetcd.peer;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.parsetools.RecordParser;
import io.vetcd.raft.Message;

/**
 * The framing of a peer stream: each Raft message is its length (4 bytes, big endian) followed by
 * the core's own wire form ({@link Message#toBytes()}). Both ends run the same code, so the form
 * needs no version; HTTP/2 keeps the frames of one stream in order.
 */
final class Frames {
  /** Larger than any append (the core caps one at 1 MiB of entries, plus one oversized entry). */
  static final int MAX_FRAME_BYTES = 64 * 1024 * 1024;
  private static final int LENGTH_BYTES = 4;

  private Frames() {}

  static Buffer encode(Message message) {
    byte[] bytes = message.toBytes();
    return Buffer.buffer(LENGTH_BYTES + bytes.length).appendInt(bytes.length).appendBytes(bytes);
  }

  /**
   * A parser that hands each whole frame's message to {@code messages}; a frame that is too large
   * or does not decode fails with IllegalArgumentException (the stream is then reset).
   */
  static RecordParser parser(Handler<Message> messages) {
    RecordParser parser = RecordParser.newFixed(LENGTH_BYTES);
    parser.handler(new Handler<>() {
      private boolean expectLength = true;

      @Override
      public void handle(Buffer record) {
        if (expectLength) {
          int length = record.getInt(0);
          if (length <= 0 || length > MAX_FRAME_BYTES) {
            throw new IllegalArgumentException("peer frame of " + length + " bytes");
          }
          parser.fixedSizeMode(length);
        } else {
          messages.handle(Message.fromBytes(record.getBytes()));
          parser.fixedSizeMode(LENGTH_BYTES);
        }
        expectLength = !expectLength;
      }
    });
    return parser;
  }
}
