package io.vetcd.api.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientOptions;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.ServiceMethod;
import io.vetcd.config.MemberUrl;
import io.vetcd.tls.ClientTls;

/**
 * The gateway's gRPC client to its own member's client port, as etcd 3.4's gateway dials its own
 * gRPC server (embed/serve.go): every method, unary or streaming, goes through the one gRPC
 * implementation, so the gateway has no per-method code and no behaviour of its own to drift.
 * Messages cross as raw protobuf bytes; {@link ProtoJson} converts them.
 */
final class Loopback {
  /** etcd's gateway takes responses of any size from its own server (grpc.MaxCallRecvMsgSize). */
  private static final long MAX_RESPONSE_BYTES = Integer.MAX_VALUE;

  private final GrpcClient client;
  private final SocketAddress address;

  /**
   * Calls the member on {@code url}, its first client URL in etcd's order (by text, so an http or
   * https URL when there is one), with the member's certificate over TLS.
   */
  Loopback(Vertx vertx, MemberUrl url, ClientTls tls) {
    this.client = GrpcClient.client(vertx,
        new GrpcClientOptions().setMaxMessageSize(MAX_RESPONSE_BYTES), transport(url, tls));
    this.address = SocketAddress.inetSocketAddress(url.port(), dialable(url.host()));
  }

  /**
   * HTTP/2 as the port speaks it: h2c with prior knowledge, or TLS (https and unixs) with ALPN.
   * Over TLS the gateway trusts its own member's certificate without checking it, as etcd's
   * gateway does (embed/serve.go: InsecureSkipVerify, "trust local server"; it dials only its own
   * port), and presents that certificate as its client certificate, as etcd's does, so that a
   * member with --client-cert-auth serves its own gateway.
   */
  private static HttpClientOptions transport(MemberUrl url, ClientTls tls) {
    HttpClientOptions options = new HttpClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_2)
        .setHttp2ClearTextUpgrade(false);
    if (url.isTls()) {
      options.setSsl(true).setUseAlpn(true).setTrustAll(true).setVerifyHost(false)
          .setKeyCertOptions(tls.ownCertificate());
    }
    return options;
  }

  /** A wildcard listen address accepts connections on loopback too. */
  private static String dialable(String host) {
    return switch (host) {
      case "0.0.0.0", "" -> "127.0.0.1";
      case "::" -> "::1";
      default -> host;
    };
  }

  /** Opens a call of {@code method}, forwarding the HTTP Authorization header as etcd's token. */
  Future<GrpcClientRequest<Buffer, Buffer>> call(GatewayMethod method, String authorization) {
    ServiceMethod<Buffer, Buffer> raw = ServiceMethod.client(method.service(), method.name(),
        GrpcMessageEncoder.IDENTITY, GrpcMessageDecoder.IDENTITY);
    return client.request(address, raw).map(request -> {
      if (authorization != null) {
        request.headers().set("authorization", authorization);
      }
      return request;
    });
  }
}
