// vetcd's web console: plain JavaScript over the member's own JSON gateway (/v3/kv/*) and the
// WebSocket watch on /v3/watch. No build step; everything the page shows comes from those calls.
'use strict';

const vetcd = (() => {
  const utf8 = new TextEncoder();
  const fromUtf8 = new TextDecoder('utf-8');
  const RECONNECT_MILLIS = 1000;
  const HISTORY_MAX = 50;
  const $ = id => document.getElementById(id);

  // --- bytes, as the gateway carries them: base64 strings ---
  const toBase64 = bytes => {
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) {
      s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    }
    return btoa(s);
  };
  const fromBase64 = s => Uint8Array.from(atob(s || ''), c => c.charCodeAt(0));
  const text = s => fromUtf8.decode(fromBase64(s));
  const keyOf = str => toBase64(utf8.encode(str));
  /** The end of the range of every key starting with prefix, as etcdctl --prefix computes it. */
  const prefixEnd = str => {
    const bytes = utf8.encode(str);
    for (let i = bytes.length - 1; i >= 0; i--) {
      if (bytes[i] < 0xff) {
        const end = bytes.slice(0, i + 1);
        end[i]++;
        return toBase64(end);
      }
    }
    return 'AA=='; // "\0": every key
  };

  async function call(path, body) {
    const response = await fetch(path, {method: 'POST', body: JSON.stringify(body)});
    const json = await response.json();
    if (!response.ok) {
      throw new Error(json.message || response.statusText);
    }
    return json;
  }

  // --- state ---
  const state = {
    prefix: '/',
    keys: new Map(),     // key text -> KeyValue (gateway JSON)
    selected: null,
    /** The newest revision whose events the page has applied: a reconnect resumes after it. */
    applied: 0,
    socket: null,
    events: [],          // {revision, type, key}, in the order received
  };

  function setStatus(s, detail) {
    $('status').dataset.state = s;
    $('status').textContent = detail ? s + ': ' + detail : s;
    $('revision').textContent = 'revision ' + state.applied;
  }

  /** Reads the prefix's keys at one revision, then watches from the next one. */
  async function load() {
    state.prefix = $('prefix').value;
    const r = await call('/v3/kv/range', {key: keyOf(state.prefix), range_end: prefixEnd(state.prefix)});
    state.keys.clear();
    for (const kv of r.kvs || []) {
      state.keys.set(text(kv.key), kv);
    }
    state.applied = Number(r.header.revision);
    renderTree();
    if (state.selected !== null) {
      showKey(state.selected);
    }
    watch();
  }

  function watch() {
    const old = state.socket;
    state.socket = null;
    if (old) {
      old.close();
    }
    openSocket();
  }

  function openSocket() {
    const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    const socket = new WebSocket(scheme + location.host + '/v3/watch');
    state.socket = socket;
    const from = state.applied + 1;
    socket.onopen = () => {
      socket.send(JSON.stringify({create_request: {
        key: keyOf(state.prefix), range_end: prefixEnd(state.prefix), start_revision: String(from)}}));
      setStatus('live');
    };
    socket.onmessage = message => {
      if (socket === state.socket) {
        onWatchMessage(JSON.parse(message.data));
      }
    };
    socket.onclose = () => {
      if (socket === state.socket) {
        setStatus('offline', 'reconnecting');
        state.socket = null;
        setTimeout(openSocket, RECONNECT_MILLIS);
      }
    };
  }

  function onWatchMessage(message) {
    if (message.error) {
      setStatus('error', message.error.message);
      return;
    }
    const result = message.result;
    if (Number(result.compact_revision || 0) > 0) {
      // The revision to resume from is compacted away: events were lost, so read the state anew
      // and say so, since the event list now has a gap.
      $('notice').textContent = 'revisions ' + (state.applied + 1) + ' to '
          + result.compact_revision + ' were compacted before the page saw them; reloaded';
      load();
      return;
    }
    for (const event of result.events || []) {
      apply(event);
    }
  }

  function apply(event) {
    const kv = event.kv;
    const key = text(kv.key);
    const revision = Number(kv.mod_revision);
    const type = event.type || 'PUT'; // PUT is the zero value, left out of the JSON
    if (type === 'DELETE') {
      state.keys.delete(key);
    } else {
      state.keys.set(key, kv);
    }
    state.applied = Math.max(state.applied, revision);
    state.events.push({revision, type, key});
    const item = document.createElement('li');
    item.dataset.revision = revision;
    item.textContent = revision + ' ' + type + ' ' + key;
    $('events').prepend(item);
    renderTree(key);
    if (key === state.selected) {
      showKey(key);
    }
    setStatus('live');
  }

  // --- the key tree ---
  function renderTree(changed) {
    const root = {children: new Map()};
    for (const key of [...state.keys.keys()].sort()) {
      const parts = key.split('/');
      let node = root;
      parts.forEach((part, i) => {
        const leaf = i === parts.length - 1;
        const name = leaf ? part : part + '/';
        if (!node.children.has(name)) {
          node.children.set(name, {children: new Map(), key: leaf ? key : null});
        }
        node = node.children.get(name);
      });
    }
    const tree = $('tree');
    tree.replaceChildren(...treeItems(root, changed));
  }

  function treeItems(node, changed) {
    const items = [];
    for (const [name, child] of node.children) {
      const li = document.createElement('li');
      const label = document.createElement('span');
      label.textContent = name === '/' ? '/' : name;
      if (child.key !== null) {
        label.className = 'key' + (child.key === state.selected ? ' selected' : '')
            + (child.key === changed ? ' changed' : '');
        label.dataset.key = child.key;
        label.onclick = () => select(child.key);
      }
      li.append(label);
      if (child.children.size > 0) {
        const ul = document.createElement('ul');
        ul.append(...treeItems(child, changed));
        li.append(ul);
      }
      items.push(li);
    }
    return items;
  }

  // --- one key: value views, edit, delete ---
  function select(key) {
    state.selected = key;
    renderTree();
    showKey(key);
    showHistory(key);
  }

  function render(bytes, view) {
    if (view === 'hex') {
      return [...bytes].map(b => b.toString(16).padStart(2, '0')).join(' ');
    }
    const s = fromUtf8.decode(bytes);
    if (view === 'json') {
      try {
        return JSON.stringify(JSON.parse(s), null, 2);
      } catch (e) {
        return s;
      }
    }
    return s;
  }

  function parseValue(s, view) {
    if (view === 'hex') {
      const digits = s.replace(/[^0-9a-fA-F]/g, '');
      return Uint8Array.from(digits.match(/../g) || [], h => parseInt(h, 16));
    }
    if (view === 'json') {
      JSON.parse(s); // refuse to save malformed JSON
    }
    return utf8.encode(s);
  }

  function showKey(key) {
    $('key').value = key;
    const kv = state.keys.get(key);
    if (!kv) {
      $('meta').textContent = 'deleted';
      $('value').value = '';
      return;
    }
    $('meta').textContent = 'create revision ' + kv.create_revision + ', mod revision '
        + kv.mod_revision + ', version ' + kv.version + (kv.lease ? ', lease ' + kv.lease : '');
    $('value').value = render(fromBase64(kv.value), $('view').value);
  }

  async function save(event) {
    event.preventDefault();
    try {
      const value = parseValue($('value').value, $('view').value);
      await call('/v3/kv/put', {key: keyOf($('key').value), value: toBase64(value)});
      state.selected = $('key').value;
    } catch (e) {
      setStatus('error', e.message);
    }
  }

  async function remove() {
    try {
      await call('/v3/kv/deleterange', {key: keyOf($('key').value)});
    } catch (e) {
      setStatus('error', e.message);
    }
  }

  // --- history: the key's versions at past revisions, newest first ---
  async function history(key) {
    const versions = [];
    let r = await call('/v3/kv/range', {key: keyOf(key)});
    let kv = (r.kvs || [])[0];
    while (kv && versions.length < HISTORY_MAX) {
      versions.push(kv);
      if (Number(kv.version) <= 1) {
        break;
      }
      try {
        r = await call('/v3/kv/range', {key: keyOf(key), revision: String(Number(kv.mod_revision) - 1)});
      } catch (e) {
        versions.push({compacted: e.message});
        break;
      }
      kv = (r.kvs || [])[0];
    }
    return versions;
  }

  async function showHistory(key) {
    const rows = (await history(key)).map((kv, i) => {
      const tr = document.createElement('tr');
      if (kv.compacted) {
        const td = document.createElement('td');
        td.colSpan = 5;
        td.textContent = 'older versions: ' + kv.compacted;
        tr.append(td);
        return tr;
      }
      tr.dataset.modRevision = kv.mod_revision;
      const cells = [radio('a', i === 1), radio('b', i === 0),
        cell(kv.mod_revision), cell(kv.version), cell(text(kv.value).slice(0, 80))];
      cells[0].firstChild.value = cells[1].firstChild.value = kv.value;
      tr.append(...cells);
      return tr;
    });
    $('history').tBodies[0].replaceChildren(...rows);
    $('diff').replaceChildren();
  }

  const cell = s => {
    const td = document.createElement('td');
    td.textContent = s;
    return td;
  };
  const radio = (name, checked) => {
    const td = document.createElement('td');
    const input = document.createElement('input');
    input.type = 'radio';
    input.name = name;
    input.checked = checked;
    td.append(input);
    return td;
  };

  /** A line diff (longest common subsequence) of versions A and B, as "- " and "+ " lines. */
  function diff(a, b) {
    const x = a.split('\n');
    const y = b.split('\n');
    const lcs = Array.from({length: x.length + 1}, () => new Array(y.length + 1).fill(0));
    for (let i = x.length - 1; i >= 0; i--) {
      for (let j = y.length - 1; j >= 0; j--) {
        lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    const lines = [];
    let i = 0;
    let j = 0;
    while (i < x.length || j < y.length) {
      if (i < x.length && j < y.length && x[i] === y[j]) {
        lines.push({op: ' ', line: x[i++]});
        j++;
      } else if (j < y.length && (i === x.length || lcs[i][j + 1] >= lcs[i + 1][j])) {
        lines.push({op: '+', line: y[j++]});
      } else {
        lines.push({op: '-', line: x[i++]});
      }
    }
    return lines;
  }

  function showDiff() {
    const picked = name => document.querySelector('#history input[name=' + name + ']:checked');
    const a = picked('a');
    const b = picked('b');
    if (!a || !b) {
      return;
    }
    const view = $('view').value;
    const spans = diff(render(fromBase64(a.value), view), render(fromBase64(b.value), view))
        .map(d => {
          const span = document.createElement('span');
          span.className = d.op === '+' ? 'add' : d.op === '-' ? 'del' : '';
          span.textContent = d.op + ' ' + d.line + '\n';
          return span;
        });
    $('diff').replaceChildren(...spans);
  }

  function start() {
    const fromUrl = new URLSearchParams(location.search).get('prefix');
    if (fromUrl !== null) {
      $('prefix').value = fromUrl;
    }
    $('prefix-form').onsubmit = e => {
      e.preventDefault();
      load();
    };
    $('editor').onsubmit = save;
    $('delete').onclick = remove;
    $('view').onchange = () => state.selected !== null && showKey(state.selected);
    $('diff-button').onclick = showDiff;
    load().catch(e => setStatus('error', e.message));
  }

  start();
  return {
    state,
    diff,
  };
})();
