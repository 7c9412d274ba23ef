package io.vetcd.api.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * Reads a gateway request body, but no more than a gRPC message of the member's limit can take
 * in JSON: its bytes in base64 (4/3) with JSON's own syntax around them fit in twice the limit.
 * etcd's gateway reads any body and its gRPC server then refuses the message; reading a body of
 * any size first would let one request fill the member's memory.
 */
final class BoundedBody {
  /** A body past the bound: {@code bytes} is how many it had when reading stopped. */
  static final class TooLarge extends RuntimeException {
    final long bytes;

    TooLarge(long bytes) {
      super(null, null, false, false);
      this.bytes = bytes;
    }
  }

  private final long maxBodyBytes;

  BoundedBody(long maxMessageBytes) {
    this.maxBodyBytes = 2 * maxMessageBytes;
  }

  /** The whole body, or a {@link TooLarge} failure as soon as it is known to be too large. */
  Future<Buffer> read(HttpServerRequest request) {
    String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (declared != null && parseLength(declared) > maxBodyBytes) {
      return Future.failedFuture(new TooLarge(parseLength(declared)));
    }
    Promise<Buffer> body = Promise.promise();
    Buffer collected = Buffer.buffer();
    request.handler(chunk -> {
      if (body.future().isComplete()) {
        return; // refused: the rest is dropped as it arrives
      }
      if (collected.length() + (long) chunk.length() > maxBodyBytes) {
        body.tryFail(new TooLarge(collected.length() + (long) chunk.length()));
      } else {
        collected.appendBuffer(chunk);
      }
    });
    request.endHandler(v -> body.tryComplete(collected));
    request.exceptionHandler(body::tryFail);
    return body.future();
  }

  /** Whether a streamed value of {@code bytes} has passed the bound. */
  boolean exceeded(long bytes) {
    return bytes > maxBodyBytes;
  }

  private static long parseLength(String header) {
    try {
      return Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return -1; // Vert.x's HTTP codec refuses a malformed length before the handler runs
    }
  }
}
