/**
 * TLS of the client listeners and of the peer transport: the settings etcd's flags give, applied
 * to Vert.x options, and the self-signed certificate of --auto-tls and --peer-auto-tls.
 */
package io.vetcd.tls;
