"""Drives a member with python-etcd3 (Debian's python3-etcd3 0.12) the way applications do.

Usage: /usr/bin/python3 etcd3_client.py HOST PORT
Every step asserts what etcd 3.4 answers; exit status 0 means all steps passed.
"""
import re
import sys

import etcd3
import etcd3.etcdrpc as etcdrpc
import grpc

PREFIX = '/py/'


def step(name):
    print('ok: ' + name, flush=True)


def expect_rpc_error(call, code, message):
    try:
        call()
    except grpc.RpcError as error:
        assert error.code() == code, (error.code(), error.details())
        assert error.details() == message, error.details()
        return
    raise AssertionError('expected %s %r' % (code, message))


def raw_range(client, key, **fields):
    """python-etcd3 ignores `revision`, so revision reads go through its gRPC stub directly."""
    return client.kvstub.Range(etcdrpc.RangeRequest(key=key.encode(), **fields), 10)


def main(host, port):
    client = etcd3.client(host=host, port=int(port), timeout=10)

    first = client.put(PREFIX + 'a', 'one').header.revision
    value, meta = client.get(PREFIX + 'a')
    assert value == b'one', value
    assert (meta.create_revision, meta.mod_revision, meta.version) == (first, first, 1), vars(meta)
    assert meta.key == (PREFIX + 'a').encode() and meta.lease_id == 0
    assert client.get(PREFIX + 'missing') == (None, None)
    step('put/get')

    second = client.put(PREFIX + 'a', 'uno', prev_kv=True)
    assert second.header.revision == first + 1, second.header
    assert second.prev_kv.value == b'one' and second.prev_kv.mod_revision == first, second.prev_kv
    value, meta = client.get(PREFIX + 'a', serializable=True)
    assert value == b'uno' and meta.version == 2 and meta.create_revision == first, vars(meta)
    step('overwrite with prev_kv, serializable get')

    client.put(PREFIX + 'b', 'two')
    last = client.put(PREFIX + 'c', 'three').header.revision
    assert last == first + 3, last
    client.put('/pz', 'outside the prefix')
    found = [(v, m.key) for v, m in client.get_prefix(PREFIX)]
    assert found == [(b'uno', b'/py/a'), (b'two', b'/py/b'), (b'three', b'/py/c')], found
    keys_only = [(v, m.key) for v, m in client.get_prefix(PREFIX, keys_only=True)]
    assert keys_only == [(b'', b'/py/a'), (b'', b'/py/b'), (b'', b'/py/c')], keys_only
    descending = [m.key for _, m in client.get_prefix(PREFIX, sort_order='descend')]
    assert descending == [b'/py/c', b'/py/b', b'/py/a'], descending
    by_value = [v for v, _ in client.get_prefix(PREFIX, sort_order='ascend', sort_target='value')]
    assert by_value == [b'three', b'two', b'uno'], by_value
    in_range = [m.key for _, m in client.get_range(PREFIX + 'a', PREFIX + 'c')]
    assert in_range == [b'/py/a', b'/py/b'], in_range
    newest_first = [m.key for _, m in client.get_all(sort_order='descend', sort_target='mod')]
    assert newest_first == [b'/pz', b'/py/c', b'/py/b', b'/py/a'], newest_first
    step('get_prefix/get_range/get_all with sorting')

    txn = client.transactions
    succeeded, responses = client.transaction(
        compare=[txn.value(PREFIX + 'a') == 'uno', txn.version(PREFIX + 'a') == 2,
                 txn.create(PREFIX + 'a') == first, txn.mod(PREFIX + 'b') < last],
        success=[txn.put(PREFIX + 'a', 'eins'), txn.get(PREFIX + 'b')],
        failure=[txn.put(PREFIX + 'failed', 'yes')])
    assert succeeded, responses
    assert responses[1][0][0] == b'two', responses
    after_txn = client.get(PREFIX + 'a')[1].mod_revision
    assert after_txn == last + 2, after_txn  # /pz took last + 1
    succeeded, responses = client.transaction(
        compare=[txn.mod(PREFIX + 'a') != after_txn],
        success=[txn.put(PREFIX + 'a', 'wrong')],
        failure=[txn.get(PREFIX + 'a'), txn.delete(PREFIX + 'c')])
    assert not succeeded, responses
    assert responses[0][0][0] == b'eins', responses
    assert responses[1].response_delete_range.deleted == 1, responses
    assert client.put_if_not_exists(PREFIX + 'b', 'again') is False
    assert client.put_if_not_exists(PREFIX + 'new', 'fresh') is True
    assert client.replace(PREFIX + 'new', 'fresh', 'replaced') is True
    assert client.replace(PREFIX + 'new', 'fresh', 'never') is False
    assert client.get(PREFIX + 'new')[0] == b'replaced'
    step('transactions: value/version/create/mod compares, put_if_not_exists, replace')

    response = raw_range(client, PREFIX + 'a', revision=first)
    assert [kv.value for kv in response.kvs] == [b'one'], response
    response = raw_range(client, PREFIX, range_end=b'/py0', revision=last, count_only=True)
    assert response.count == 3 and not response.kvs, response
    response = raw_range(client, PREFIX, range_end=b'/py0', limit=2)
    assert len(response.kvs) == 2 and response.more and response.count == 3, response
    step('range at revisions, count_only, limit')

    assert client.delete(PREFIX + 'a') is True
    assert client.delete(PREFIX + 'a') is False
    deleted = client.delete(PREFIX + 'b', prev_kv=True, return_response=True)
    assert deleted.deleted == 1 and deleted.prev_kvs[0].value == b'two', deleted
    assert client.delete_prefix(PREFIX).deleted == 1  # only /py/new is left
    assert list(client.get_prefix(PREFIX)) == []
    step('delete/delete_prefix')

    current = client.put('/pz', 'bump').header.revision
    client.compact(current - 1)
    expect_rpc_error(lambda: raw_range(client, PREFIX + 'a', revision=first),
                     grpc.StatusCode.OUT_OF_RANGE,
                     'etcdserver: mvcc: required revision has been compacted')
    expect_rpc_error(lambda: raw_range(client, PREFIX + 'a', revision=current + 100),
                     grpc.StatusCode.OUT_OF_RANGE,
                     'etcdserver: mvcc: required revision is a future revision')
    assert raw_range(client, '/pz', revision=current - 1).kvs[0].value == b'outside the prefix'
    step('compaction and revision errors')

    expect_rpc_error(lambda: client.put('', 'no key'), grpc.StatusCode.INVALID_ARGUMENT,
                     'etcdserver: key is not provided')
    expect_rpc_error(lambda: client.put(PREFIX + 'leased', 'v', lease=0x1234abcd),
                     grpc.StatusCode.NOT_FOUND, 'etcdserver: requested lease not found')
    step('request errors')

    members = list(client.members)
    assert len(members) == 1, members
    status = client.status()
    assert re.match(r'^3\.4\.\d+$', status.version), status.version
    assert status.leader is not None and status.leader.id == members[0].id, status.leader
    assert status.raft_index > 0 and status.raft_term > 0 and status.db_size > 0, vars(status)
    step('members/status')
    client.close()


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
    print('all steps passed')
