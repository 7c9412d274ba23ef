// The /ui console in headless Debian Chromium, driven by Playwright: a key put by etcdctl appears
// live through the page's WebSocket watch; the socket is dropped at the network level (the page is
// not told), writes land while it is down, and the page's own reconnect resumes after the last
// revision it applied, so every event arrives once, in order; a resume from a compacted revision
// is reported and the page reloads. Run by it/ConsoleBrowserTest:
//   node console-browser.mjs HOST:PORT   (ETCDCTL: the etcdctl to use, default /usr/bin/etcdctl)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';

const endpoint = process.argv[2];
if (!endpoint) {
  console.error('usage: node console-browser.mjs HOST:PORT');
  process.exit(2);
}
const WAIT_MILLIS = 30_000;

function etcdctl(...args) {
  execFileSync(process.env.ETCDCTL || '/usr/bin/etcdctl',
      ['--endpoints=' + endpoint, '--dial-timeout=5s', '--command-timeout=10s', ...args],
      { env: { ...process.env, ETCDCTL_API: '3' }, stdio: ['ignore', 'ignore', 'inherit'] });
}

/**
 * The page's WebSocket to /v3/watch, through Playwright's proxy: drop() closes the live one as a
 * broken connection would, and while held, every new one the page opens is closed at once.
 */
class Network {
  held = false;
  live = null;
  opened = 0;

  async attach(page) {
    await page.routeWebSocket(/\/v3\/watch$/, socket => {
      if (this.held) {
        socket.close({ code: 1006, reason: 'network down' });
        return;
      }
      this.opened++;
      this.live = { page: socket, server: socket.connectToServer() };
    });
  }

  drop() {
    this.held = true;
    this.live.server.close();
    this.live.page.close({ code: 1006, reason: 'network down' });
    this.live = null;
  }

  restore() {
    this.held = false;
  }
}

async function awaitKey(page, key, present) {
  await page.waitForFunction(([k, p]) => (document.querySelector(`[data-key="${k}"]`) !== null) === p,
      [key, present], { timeout: WAIT_MILLIS });
}

const revisions = page => page.evaluate(() => vetcd.state.events.map(e => e.revision));

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
try {
  const page = await browser.newPage();
  const network = new Network();
  await network.attach(page);

  etcdctl('put', '/app/before', '1'); // revision 2
  await page.goto(`http://${endpoint}/ui/?prefix=/app/`);
  await awaitKey(page, '/app/before', true);
  await page.waitForFunction(() => document.getElementById('status').dataset.state === 'live',
      null, { timeout: WAIT_MILLIS });
  etcdctl('put', '/app/live', '{"a":1}'); // revision 3
  await awaitKey(page, '/app/live', true);
  console.log('live: a key put by etcdctl appeared');

  network.drop();
  await page.waitForFunction(() => document.getElementById('status').dataset.state === 'offline',
      null, { timeout: WAIT_MILLIS });
  etcdctl('put', '/app/gap', '2'); // revision 4, while the socket is down
  etcdctl('del', '/app/before'); // revision 5
  network.restore();
  await awaitKey(page, '/app/gap', true);
  await awaitKey(page, '/app/before', false);
  etcdctl('put', '/app/live', '{"a":2}'); // revision 6
  await page.waitForFunction(() => vetcd.state.applied === 6, null, { timeout: WAIT_MILLIS });
  assert.equal(network.opened, 2, 'the page opened a second socket after the drop');
  assert.deepEqual(await revisions(page), [3, 4, 5, 6], 'events applied by the page');
  console.log('reconnect: revisions 3..6 applied once each, in order');

  await page.click('[data-key="/app/live"]');
  await page.selectOption('#view', 'json');
  assert.equal(await page.inputValue('#value'), '{\n  "a": 2\n}');
  await page.waitForFunction(() => document.querySelectorAll('#history tbody tr').length === 2,
      null, { timeout: WAIT_MILLIS });
  await page.click('#diff-button');
  const diff = await page.textContent('#diff');
  assert.ok(diff.includes('-   "a": 1') && diff.includes('+   "a": 2'), diff);
  console.log('history: two versions and their diff');

  network.drop();
  etcdctl('put', '/app/c1', '1'); // revision 7
  etcdctl('put', '/app/c2', '2'); // revision 8
  etcdctl('compact', '8');
  network.restore();
  await awaitKey(page, '/app/c1', true);
  await awaitKey(page, '/app/c2', true);
  const notice = await page.textContent('#notice');
  assert.ok(notice.includes('revisions 7 to 8 were compacted'), notice);
  console.log('compacted: the page said so and reloaded');
  console.log('console-browser: all checks passed');
} finally {
  await browser.close();
}
