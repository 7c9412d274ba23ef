"""Leases and locks through python-etcd3 (Debian's python3-etcd3 0.12), as applications use them.

Usage: /usr/bin/python3 etcd3_lease.py HOST PORT
Every step asserts what etcd 3.4 answers; exit status 0 means all steps passed.
"""
import sys
import time

import etcd3
import etcd3.exceptions
import grpc

PREFIX = '/py-lease/'


def step(name):
    print('ok: ' + name, flush=True)


def expect_error(call, exception, message):
    try:
        call()
    except exception as error:
        # python-etcd3 turns some statuses into its own exceptions, raised from the gRPC error.
        rpc_error = error if isinstance(error, grpc.RpcError) else error.__context__
        assert rpc_error.details() == message, rpc_error.details()
        return
    raise AssertionError('expected %s %r' % (exception, message))


def main(host, port):
    client = etcd3.client(host=host, port=int(port), timeout=10)

    lease = client.lease(10)
    assert lease.granted_ttl == 10, lease.granted_ttl
    client.put(PREFIX + 'a', 'up', lease=lease)
    assert 8 <= lease.remaining_ttl <= 10, lease.remaining_ttl
    assert lease.keys == [(PREFIX + 'a').encode()], lease.keys
    _, meta = client.get(PREFIX + 'a')
    assert meta.lease_id == lease.id, (meta.lease_id, lease.id)
    refreshed = lease.refresh()
    assert refreshed[0].ID == lease.id and refreshed[0].TTL == 10, refreshed
    lease.revoke()
    assert client.get(PREFIX + 'a') == (None, None)
    assert lease.remaining_ttl == -1, 'timetolive of a revoked lease answers TTL -1'
    step('grant, put with lease, timetolive with keys, keepalive, revoke')

    short = client.lease(2)
    client.put(PREFIX + 'b', 'up', lease=short)
    time.sleep(2.8)
    assert client.get(PREFIX + 'b') == (None, None), 'the key outlived its 2 s lease'
    assert short.refresh()[0].TTL == 0, 'keepalive of an expired lease answers TTL 0'
    step('expiry')

    chosen = client.lease(30, lease_id=0x1234)
    assert chosen.id == 0x1234
    expect_error(lambda: client.lease(30, lease_id=0x1234),
                 etcd3.exceptions.PreconditionFailedError, 'etcdserver: lease already exists')
    expect_error(lambda: client.put(PREFIX + 'c', 'v', lease=0x999),
                 grpc.RpcError, 'etcdserver: requested lease not found')
    expect_error(lambda: client.lease(9000000001),
                 grpc.RpcError, 'etcdserver: too large lease TTL')
    assert client.lease(1).granted_ttl == 2, 'a TTL below the minimum is raised to it'
    chosen.revoke()
    step('client-chosen id and errors')

    holder = client.lock('job', ttl=10)
    assert holder.acquire(timeout=5) and holder.is_acquired()
    # timeout=0: one attempt, no wait. Debian's python3-etcd3 0.12 cannot wait for a lock with
    # its tenacity (its wait callback takes the old two-argument form), whatever the server.
    contender = client.lock('job', ttl=10)
    assert not contender.acquire(timeout=0), 'two holders of one lock'
    holder.release()
    assert contender.acquire(timeout=0), 'the released lock was not free'
    contender.release()
    with client.lock('other-job', ttl=5) as scoped:
        assert scoped.is_acquired()
    step('lock')

    print('all steps passed', flush=True)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
