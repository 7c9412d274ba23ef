package io.vetcd.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.parsetools.RecordParser;
import io.vetcd.raft.Entry;
import io.vetcd.raft.EntryType;
import io.vetcd.raft.Message;
import io.vetcd.raft.MessageType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A peer stream arrives in buffers cut anywhere (TCP and HTTP/2 frames do not follow message
 * boundaries): the parser must hand back exactly the messages written, in order, and refuse a
 * frame length no sender writes.
 */
class FramesTest {

  @Test
  void messagesSurviveAnySplitOfTheStream() {
    List<Message> sent = List.of(
        append(1, new byte[] {1, 2, 3}),
        new Message(MessageType.HEARTBEAT, 2, 1, 5, 0, 0, List.of(), 9, null, false, 0,
            new byte[] {7}),
        append(2, new byte[300]));
    Buffer stream = Buffer.buffer();
    sent.forEach(m -> stream.appendBuffer(Frames.encode(m)));
    for (int piece : new int[] {1, 3, 7, 64, stream.length()}) {
      List<Message> received = new ArrayList<>();
      RecordParser parser = Frames.parser(received::add);
      for (int at = 0; at < stream.length(); at += piece) {
        parser.handle(stream.getBuffer(at, Math.min(stream.length(), at + piece)));
      }
      assertEquals(sent.size(), received.size(), "pieces of " + piece);
      for (int i = 0; i < sent.size(); i++) {
        assertArrayEquals(sent.get(i).toBytes(), received.get(i).toBytes(),
            "message " + i + " in pieces of " + piece);
      }
    }
  }

  @Test
  void aFrameLongerThanAnySenderWritesIsRefused() {
    RecordParser parser = Frames.parser(m -> { });
    Buffer tooLong = Buffer.buffer().appendInt(Frames.MAX_FRAME_BYTES + 1);
    assertThrows(IllegalArgumentException.class, () -> parser.handle(tooLong));
  }

  @Test
  void aFrameThatIsNotAMessageIsRefused() {
    RecordParser parser = Frames.parser(m -> { });
    Buffer garbage = Buffer.buffer().appendInt(3).appendBytes(new byte[] {(byte) 0xEE, 0, 0});
    assertThrows(IllegalArgumentException.class, () -> parser.handle(garbage));
  }

  private static Message append(long index, byte[] data) {
    return new Message(MessageType.APP, 2, 1, 5, 4, index - 1,
        List.of(new Entry(5, index, EntryType.NORMAL, data)), index, null, false, 0, null);
  }
}
