/**
 * TLS of the client listeners: the settings etcd's flags give, applied to Vert.x server options,
 * and the self-signed certificate of --auto-tls. Peer TLS comes with the peer transport.
 */
package io.vetcd.tls;
