package io.vetcd.api.http;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import io.vertx.grpc.common.ServiceName;
import io.vetcd.proto.etcdserverpb.Rpc;
import io.vetcd.proto.v3electionpb.V3Election;
import io.vetcd.proto.v3lockpb.V3Lock;
import java.util.List;

/**
 * One gRPC method as the gateway sees it: its name and the descriptors of its messages, taken from
 * the compiled protos, so the gateway transcodes any method without code of its own.
 */
record GatewayMethod(ServiceName service, String name, Descriptor input, Descriptor output,
    boolean clientStreaming, boolean serverStreaming) {
  private static final List<FileDescriptor> FILES =
      List.of(Rpc.getDescriptor(), V3Lock.getDescriptor(), V3Election.getDescriptor());

  /** The method with this full name ("etcdserverpb.KV/Range"); it must exist in the protos. */
  static GatewayMethod named(String fullName) {
    int slash = fullName.indexOf('/');
    String serviceName = fullName.substring(0, slash);
    for (FileDescriptor file : FILES) {
      for (ServiceDescriptor service : file.getServices()) {
        if (service.getFullName().equals(serviceName)) {
          MethodDescriptor method = service.findMethodByName(fullName.substring(slash + 1));
          if (method != null) {
            return new GatewayMethod(ServiceName.create(serviceName), method.getName(),
                method.getInputType(), method.getOutputType(), method.isClientStreaming(),
                method.isServerStreaming());
          }
        }
      }
    }
    throw new IllegalArgumentException("no such method in the protos: " + fullName);
  }
}
