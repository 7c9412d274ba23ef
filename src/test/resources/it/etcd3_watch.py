"""Watches a member with python-etcd3 (Debian's python3-etcd3 0.12) as applications do.

Usage: /usr/bin/python3 etcd3_watch.py HOST PORT
Every step asserts what etcd 3.4 answers; exit status 0 means all steps passed.
"""
import sys
import time

import etcd3
import etcd3.events
import etcd3.exceptions

PREFIX = '/pywatch/'


def step(name):
    print('ok: ' + name, flush=True)


def take(iterator, count):
    return [next(iterator) for _ in range(count)]


def main(host, port):
    client = etcd3.client(host=host, port=int(port), timeout=10)

    events, cancel = client.watch(PREFIX + 'key')
    client.put(PREFIX + 'key', 'v1')
    client.put(PREFIX + 'other', 'not watched')
    client.delete(PREFIX + 'key')
    put, delete = take(events, 2)
    assert isinstance(put, etcd3.events.PutEvent), put
    assert (put.key, put.value) == ((PREFIX + 'key').encode(), b'v1'), put
    assert isinstance(delete, etcd3.events.DeleteEvent), delete
    assert delete.key == (PREFIX + 'key').encode() and delete.mod_revision > put.mod_revision
    cancel()
    step('watch sees put and delete, then cancels')

    first = client.put(PREFIX + 'dir/a', '1').header.revision
    client.put(PREFIX + 'dir/b', '2')
    client.put(PREFIX + 'dir/a', '3')
    events, cancel = client.watch_prefix(PREFIX + 'dir/', start_revision=first, prev_kv=True)
    replayed = take(events, 3)
    assert [(e.key, e.value) for e in replayed] == [
        (b'/pywatch/dir/a', b'1'), (b'/pywatch/dir/b', b'2'), (b'/pywatch/dir/a', b'3')], replayed
    assert replayed[2].prev_value == b'1', replayed[2].prev_value
    assert [e.mod_revision for e in replayed] == [first, first + 1, first + 2], replayed
    client.put(PREFIX + 'dir/c', '4')
    live = next(events)
    assert (live.key, live.value, live.mod_revision) == (b'/pywatch/dir/c', b'4', first + 3), live
    cancel()
    step('watch_prefix replays history with prev_kv, then follows')

    seen = []
    watch_id = client.add_watch_callback(PREFIX + 'cb', seen.append)
    client.put(PREFIX + 'cb', 'x')
    for _ in range(100):
        if seen:
            break
        time.sleep(0.05)
    assert len(seen) == 1 and seen[0].events[0].value == b'x', seen
    client.cancel_watch(watch_id)
    step('callback watch')

    old = client.put(PREFIX + 'compacted', 'a').header.revision
    now = client.put(PREFIX + 'compacted', 'b').header.revision
    client.compact(now)
    events, cancel = client.watch(PREFIX + 'compacted', start_revision=old)
    try:
        next(events)
        raise AssertionError('expected RevisionCompactedError')
    except etcd3.exceptions.RevisionCompactedError as error:
        assert error.compacted_revision == now, error.compacted_revision
    step('watch from a compacted revision fails')

    print('all steps passed')


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
