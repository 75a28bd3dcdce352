// SPDX-License-Identifier: ISC
// drive.mjs - one scenario of the front page in real headless Chromium.
// usage: BASE=http://127.0.0.1:PORT/cgi-bin/status.cgi SHOTS=DIR node drive.mjs NAME
// Exits 0 when the scenario holds, 1 (saying why) when it does not.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

const base = process.env.BASE;
const shots = process.env.SHOTS || 'build/screenshots';
const name = process.argv[2];

function check(cond, why) {
  if (!cond) throw new Error(why);
}

// Collects everything that would show as a problem in the console.
function watch(page) {
  const problems = [];
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    // A page asked for with an error status logs that status itself.
    if (m.text().startsWith('Failed to load resource: the server responded') &&
        m.location().url === page.url()) return;
    problems.push('console: ' + m.text() + ' at ' + m.location().url);
  });
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  page.on('requestfailed', (r) => problems.push('request failed: ' + r.url()));
  page.on('dialog', (d) => { problems.push('dialog: ' + d.message()); d.dismiss(); });
  return problems;
}

// Opens a section of the form (a <details>, closed on a fresh page) with a
// click on its summary, as a person would: Playwright fills only fields
// that show.
async function openSection(page, id) {
  const section = page.locator('#' + id);
  check(!(await section.evaluate((d) => d.open)), '#' + id + ' is open before the click');
  await page.click('#' + id + ' > summary');
  check(await section.evaluate((d) => d.open), '#' + id + ' did not open on a click');
}

const scenarios = {
  // The page loads with no console errors, its script runs, and a
  // screenshot is written for people to look at.
  async 'loads-clean'(page, problems) {
    const resp = await page.goto(base, { waitUntil: 'networkidle' });
    check(resp.status() === 200, 'index status ' + resp.status());
    check(await page.locator('h1').innerText() === 'statuscgi: every HTTP status', 'no heading');
    check(await page.locator('#try-actions').isVisible(), 'the script did not run');
    check((await page.locator('ul.codes a').count()) === 64, 'not 64 code links');
    check(await page.locator('form details').count() === 6, 'not 6 sections in the form');
    check(await page.locator('form details[open]').count() === 0, 'a section is open on load');
    check(await page.locator('#try-extra > summary').isVisible(),
      'the script did not show the fetch panel\'s request headers');
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: shots + '/index.png', fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: shots + '/index-phone.png' });
    check(problems.length === 0, problems.join('; '));
  },

  // Choosing 404 and sending with GET lands on a 404 page that names it.
  async 'form-get-404'(page, problems) {
    await page.goto(base);
    await page.fill('#f-code', '404');
    const [resp] = await Promise.all([
      page.waitForNavigation(), page.click('#send-get')]);
    check(resp.status() === 404, 'status ' + resp.status());
    check(resp.request().method() === 'GET', 'method ' + resp.request().method());
    check(await page.locator('h1').innerText() === '404 Not Found', 'page does not name 404');
    check(await page.locator('a', { hasText: 'All status codes' }).count() === 1, 'no link back');
    check(problems.length === 0, problems.join('; '));
  },

  // The same with POST.
  async 'form-post-404'(page, problems) {
    await page.goto(base);
    await page.fill('#f-code', '404');
    await page.fill('#f-reason', 'Not Here');
    const [resp] = await Promise.all([
      page.waitForNavigation(), page.click('#send-post')]);
    check(resp.status() === 404, 'status ' + resp.status());
    check(resp.request().method() === 'POST', 'method ' + resp.request().method());
    check(await page.locator('h1').innerText() === '404 Not Here', 'page does not name 404');
    check(problems.length === 0, problems.join('; '));
  },

  // A 301 from the form is followed to the final 200.
  async 'redirect-301'(page, problems) {
    await page.goto(base);
    await page.fill('#f-code', '301');
    const [resp] = await Promise.all([
      page.waitForNavigation(), page.click('#send-get')]);
    check(resp.status() === 200, 'final status ' + resp.status());
    const from = resp.request().redirectedFrom();
    check(from !== null, 'no redirect happened');
    check((await from.response()).status() === 301, 'first answer was not 301');
    check(page.url().endsWith('/status.cgi/200'), 'ended at ' + page.url());
    check(await page.locator('h1').innerText() === '200 OK', 'final page is not 200');
    check(problems.length === 0, problems.join('; '));
  },

  // The fetch panel shows a 204's status line and headers in the page.
  async 'fetch-204'(page, problems) {
    await page.goto(base);
    await page.fill('#f-code', '204');
    await openSection(page, 's-headers');
    await page.fill('#f-header1', 'X-Seen: yes');
    await page.click('#try-get');
    await page.waitForFunction(() =>
      document.getElementById('r-status').textContent.startsWith('HTTP 2'));
    check(await page.locator('#r-status').innerText() === 'HTTP 204 No Content',
      'status shown: ' + await page.locator('#r-status').innerText());
    const headers = await page.locator('#r-headers').innerText();
    check(headers.includes('x-seen: yes'), 'headers shown: ' + headers);
    check(headers.includes('access-control-allow-origin: *'), 'headers shown: ' + headers);
    check(await page.locator('#r-body').innerText() === '(no content)', 'body shown');
    check(page.url() === base, 'the page was left');
    await page.screenshot({ path: shots + '/fetch-204.png', fullPage: true });
    check(problems.length === 0, problems.join('; '));
  },

  // A page with an ETag, reloaded, is revalidated with If-None-Match
  // and answered 304; the browser shows its cached copy.
  async 'reload-304'(page, problems) {
    const url = base + '/200?etag=v1&type=html&cache-control=no-cache';
    const first = await page.goto(url);
    check(first.status() === 200, 'first status ' + first.status());
    check(first.headers()['etag'] === '"v1"', 'no ETag on the 200');
    // What came on the wire: Playwright shows a revalidated answer as the
    // cached 200; the DevTools protocol's extra info has the real status.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    const wire = [];
    cdp.on('Network.responseReceivedExtraInfo', (e) => wire.push(e.statusCode));
    const again = await page.reload();
    const inm = (await again.request().allHeaders())['if-none-match'];
    check(inm === '"v1"', 'the reload sent If-None-Match: ' + inm);
    check(wire.length === 1 && wire[0] === 304, 'the reload got ' + wire.join(', '));
    check(await page.locator('h1').innerText() === '200 OK', 'the cached page is not shown');
    check(problems.length === 0, problems.join('; '));
  },

  // auth= in the form gives a 401 in the fetch panel; the same request
  // with a user and password typed into the panel gets the 200.
  async 'fetch-401-credentials'(page, problems) {
    await page.goto(base);
    await page.fill('#f-code', '200');
    await openSection(page, 's-credentials');
    await page.fill('#f-auth', 'basic:alice:s3cret');
    await page.click('#try-get');
    await page.waitForFunction(() =>
      document.getElementById('r-status').textContent.startsWith('HTTP 4'));
    check(await page.locator('#r-status').innerText() === 'HTTP 401 Unauthorized',
      'status shown: ' + await page.locator('#r-status').innerText());
    check((await page.locator('#r-headers').innerText()).includes(
      'www-authenticate: Basic realm="statuscgi", charset="UTF-8"'), 'no challenge shown');
    check((await page.locator('#r-body').innerText()).includes('Why: no Authorization header'),
      'the body does not say why');
    await openSection(page, 'try-extra');
    await page.fill('#t-user', 'alice');
    await page.fill('#t-pass', 's3cret');
    await page.click('#try-get');
    await page.waitForFunction(() =>
      document.getElementById('r-status').textContent.startsWith('HTTP 2'));
    check(await page.locator('#r-status').innerText() === 'HTTP 200 OK',
      'status shown: ' + await page.locator('#r-status').innerText());
    check((await page.locator('#r-request').innerText()).includes(
      'Authorization: Basic YWxpY2U6czNjcmV0'), 'the request shown has no credentials');
    check(page.url() === base, 'the page was left');
    await page.screenshot({ path: shots + '/fetch-401-credentials.png', fullPage: true });
    // The console notes the 401 the panel asked for; nothing else.
    const others = problems.filter((p) => !p.startsWith(
      'console: Failed to load resource: the server responded with a status of 401'));
    check(others.length === 0, others.join('; '));
  },

  // size= in the form and a Range typed into the panel give a 206 with
  // those bytes of the pattern and their Content-Range.
  async 'fetch-206-range'(page, problems) {
    await page.goto(base);
    await page.fill('#f-code', '200');
    await openSection(page, 's-content');
    await page.fill('#f-size', '1000');
    await openSection(page, 'try-extra');
    await page.fill('#t-range', 'bytes=10-19');
    await page.click('#try-get');
    await page.waitForFunction(() =>
      document.getElementById('r-status').textContent.startsWith('HTTP 2'));
    check(await page.locator('#r-status').innerText() === 'HTTP 206 Partial Content',
      'status shown: ' + await page.locator('#r-status').innerText());
    check((await page.locator('#r-headers').innerText()).includes(
      'content-range: bytes 10-19/1000'), 'no Content-Range shown');
    check(await page.locator('#r-body').innerText() === 'abcdefghij',
      'body shown: ' + await page.locator('#r-body').innerText());
    check((await page.locator('#r-request').innerText()).includes('Range: bytes=10-19'),
      'the request shown has no Range');
    await page.screenshot({ path: shots + '/fetch-206-range.png', fullPage: true });
    check(problems.length === 0, problems.join('; '));
  },

  // A closed section opens on a click on its summary, and a field in it
  // is sent: the header typed there is on the 200 and on its page. Back
  // on the form, the browser puts the value back and the script opens
  // the section holding it (and no other).
  async 'section-opens-sent'(page, problems) {
    await page.goto(base);
    await page.fill('#f-code', '200');
    check(!(await page.locator('#f-header1').isVisible()), 'the header field shows before the click');
    await openSection(page, 's-headers');
    check(await page.locator('#f-header1').isVisible(), 'the header field does not show after the click');
    await page.fill('#f-header1', 'X-From-Section: yes');
    const [resp] = await Promise.all([
      page.waitForNavigation(), page.click('#send-get')]);
    check(resp.status() === 200, 'status ' + resp.status());
    check(resp.request().method() === 'GET', 'method ' + resp.request().method());
    check(resp.url().includes('header=X-From-Section%3A+yes'), 'sent to ' + resp.url());
    check(resp.headers()['x-from-section'] === 'yes', 'the answer does not carry the header');
    check(await page.locator('dl.sent dt', { hasText: 'X-From-Section' }).count() === 1,
      'the page does not show the header');
    await page.goBack();
    check(await page.inputValue('#f-header1') === 'X-From-Section: yes',
      'the value was not put back: ' + await page.inputValue('#f-header1'));
    check(await page.locator('#s-headers').evaluate((d) => d.open),
      'the section holding the value is closed');
    check(await page.locator('form details[open]').count() === 1, 'another section opened');
    check(problems.length === 0, problems.join('; '));
  },

  // Script in reason, header and body parameters never runs: not in our
  // HTML answers, not in a caller's HTML body, not in the fetch panel.
  async 'xss'(page, problems) {
    const payload = '<img src=x onerror="window.__xss=1"><script>window.__xss=1</script>';
    const q = (o) => base + '?' + new URLSearchParams(o).toString();
    const urls = [
      q({ code: '404', type: 'html', reason: payload.slice(0, 60) }),
      q({ code: '200', type: 'html', header: 'X-Evil: ' + payload }),
      q({ code: '200', body: payload, 'content-type': 'text/html' }),
      q({ code: '200', body: payload }),
    ];
    for (const u of urls) {
      await page.goto(u, { waitUntil: 'load' });
      check(await page.evaluate(() => window.__xss) === undefined, 'script ran at ' + u);
    }
    await page.goto(base);
    await page.fill('#f-code', '200');
    await page.fill('#f-reason', payload.slice(0, 60));
    await openSection(page, 's-headers');
    await page.fill('#f-header1', 'X-Evil: ' + payload);
    await page.click('#try-get');
    await page.waitForFunction(() =>
      document.getElementById('r-body').textContent !== '');
    check(await page.evaluate(() => window.__xss) === undefined, 'script ran in the panel');
    check((await page.locator('#r-headers').innerText()).includes('<script>'),
      'the header was not shown as text');
    check(!problems.some((p) => p.startsWith('dialog')), problems.join('; '));
  },
};

const run = scenarios[name];
if (!run) {
  console.error('no scenario ' + name);
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--disable-dev-shm-usage'],
});
let code = 0;
try {
  const page = await browser.newPage();
  const problems = watch(page);
  await run(page, problems);
} catch (e) {
  console.error(name + ': ' + e.message);
  code = 1;
} finally {
  await browser.close();
}
process.exit(code);
