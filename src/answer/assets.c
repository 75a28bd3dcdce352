/* SPDX-License-Identifier: ISC */
/*
 * assets.c - the stylesheet and script of the HTML pages, served by the
 * program itself (?asset=NAME) so the pages need nothing from elsewhere
 * and their Content-Security-Policy can forbid inline script and style.
 * The script only enhances: every page works with JavaScript off. Data:
 * constant, read by whichever process or thread serves a request (a CGI
 * process, or a FastCGI worker process's loop thread); asset_find() touches
 * nothing else.
 */
#include <string.h>

#include "answer/assets.h"

static const char css[] =
":root{color-scheme:light dark;--fg:#1b1b1b;--bg:#fdfdfd;--muted:#5b5b5b;"
"--line:#d0d0d0;--accent:#0b57d0;--box:#f3f3f3}\n"
"@media (prefers-color-scheme:dark){:root{--fg:#e8e8e8;--bg:#161616;"
"--muted:#a8a8a8;--line:#3a3a3a;--accent:#8ab4f8;--box:#222}}\n"
"*{box-sizing:border-box}\n"
"body{margin:0 auto;max-width:60rem;padding:1rem;font:1rem/1.5 system-ui,"
"-apple-system,'Segoe UI',Roboto,sans-serif;color:var(--fg);"
"background:var(--bg)}\n"
"a{color:var(--accent)}\n"
"h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.25rem;margin-top:2rem;"
"border-bottom:1px solid var(--line)}\n"
".lead,.class-desc,.note{color:var(--muted)}\n"
"form{display:grid;gap:.6rem;grid-template-columns:minmax(8rem,12rem) 1fr;"
"align-items:center;background:var(--box);padding:1rem;border-radius:.5rem}\n"
"form label{font-weight:600}\n"
"input,select,button{font:inherit;padding:.4rem .5rem;min-height:2.5rem;"
"border:1px solid var(--line);border-radius:.3rem;background:var(--bg);"
"color:var(--fg);width:100%}\n"
"button{cursor:pointer;width:auto;background:var(--accent);color:var(--bg);"
"border-color:var(--accent)}\n"
".actions{grid-column:1/-1;display:flex;flex-wrap:wrap;gap:.5rem}\n"
"form details{grid-column:1/-1;border-top:1px solid var(--line)}\n"
"form summary{cursor:pointer;font-weight:600;padding:.5rem 0}\n"
"form summary .sum{font-weight:400;color:var(--muted);font-size:.9rem;"
"margin-left:.4rem}\n"
".fields{display:grid;gap:.6rem;"
"grid-template-columns:minmax(8rem,12rem) 1fr;align-items:center;"
"padding:.1rem 0 .8rem}\n"
".fields .note{grid-column:1/-1;margin:0}\n"
"@media (max-width:36rem){form,.fields{grid-template-columns:1fr}}\n"
"pre{background:var(--box);padding:.75rem;overflow-x:auto;"
"white-space:pre-wrap;word-break:break-word;border-radius:.3rem}\n"
"ul.codes{list-style:none;padding:0}\n"
"ul.codes li{padding:.4rem 0;border-bottom:1px solid var(--line)}\n"
"ul.codes a{font-weight:600}\n"
".hdrs,.cause{display:block;font-size:.9rem;color:var(--muted)}\n"
".why{font-weight:600}\n"
"dl.sent dt{font-weight:600;font-family:ui-monospace,monospace}\n"
"dl.sent dd{margin:0 0 .4rem 1rem;font-family:ui-monospace,monospace;"
"word-break:break-all}\n";

/* Opens a form section holding a value (on load, on pageshow, and when
 * a field in it is invalid on sending). Sends the form with fetch() and
 * shows status line, headers and body, all as text (textContent: nothing
 * from a response is ever parsed as HTML). Redirects are followed, and
 * shown as such. */
static const char js[] =
"'use strict';\n"
"(function () {\n"
"  var form = document.getElementById('ask');\n"
"  var panel = document.getElementById('result');\n"
"  if (!form) { return; }\n"
"  // The form's sections are closed until clicked; one holding a value\n"
"  // is opened: the browser puts back what was typed on Back or reload.\n"
"  var openFilled = function () {\n"
"    form.querySelectorAll('details').forEach(function (d) {\n"
"      var held = Array.prototype.some.call(\n"
"        d.querySelectorAll('input, select, textarea'),\n"
"        function (c) { return c.value !== ''; });\n"
"      if (held) { d.open = true; }\n"
"    });\n"
"  };\n"
"  openFilled();\n"
"  window.addEventListener('pageshow', openFilled);\n"
"  // A field the browser finds invalid on sending is shown, not hidden.\n"
"  form.addEventListener('invalid', function (e) {\n"
"    var d = e.target.closest('details');\n"
"    if (d) { d.open = true; }\n"
"  }, true);\n"
"  if (!panel || !window.fetch) { return; }\n"
"  var show = function (id, text) {\n"
"    document.getElementById(id).textContent = text;\n"
"  };\n"
"  var params = function () {\n"
"    var all = new URLSearchParams(new FormData(form));\n"
"    var kept = new URLSearchParams();\n"
"    all.forEach(function (v, k) { if (v !== '') { kept.append(k, v); } });\n"
"    return kept;\n"
"  };\n"
"  var value = function (id) {\n"
"    return document.getElementById(id).value;\n"
"  };\n"
"  var base64 = function (text) {\n"
"    var bytes = new TextEncoder().encode(text), bin = '';\n"
"    bytes.forEach(function (c) { bin += String.fromCharCode(c); });\n"
"    return btoa(bin);\n"
"  };\n"
"  // The request headers of the panel: credentials, If-None-Match, Range.\n"
"  var headers = function () {\n"
"    var h = {};\n"
"    if (value('t-token') !== '') {\n"
"      h['Authorization'] = 'Bearer ' + value('t-token');\n"
"    } else if (value('t-user') !== '' || value('t-pass') !== '') {\n"
"      h['Authorization'] = 'Basic ' +\n"
"        base64(value('t-user') + ':' + value('t-pass'));\n"
"    }\n"
"    if (value('t-inm') !== '') { h['If-None-Match'] = value('t-inm'); }\n"
"    if (value('t-range') !== '') { h['Range'] = value('t-range'); }\n"
"    return h;\n"
"  };\n"
"  var run = function (method) {\n"
"    var p = params();\n"
"    var url = form.action;\n"
"    var h = headers();\n"
"    // credentials: 'omit' keeps the browser from asking for a password\n"
"    // on a 401 itself: the panel shows the 401, and sends what is typed.\n"
"    var init = { method: method, redirect: 'follow', cache: 'no-store',\n"
"      credentials: 'omit', headers: h };\n"
"    if (method === 'GET') { url += '?' + p.toString(); }\n"
"    else { init.body = p; }\n"
"    panel.hidden = false;\n"
"    show('r-request', method + ' ' + url + Object.keys(h).map(\n"
"      function (k) { return '\\n' + k + ': ' + h[k]; }).join('') +\n"
"      (method === 'POST' ? '\\n\\n' + p.toString() : ''));\n"
"    show('r-status', 'waiting...');\n"
"    show('r-headers', '');\n"
"    show('r-body', '');\n"
"    show('r-note', '');\n"
"    fetch(url, init).then(function (r) {\n"
"      var lines = [];\n"
"      r.headers.forEach(function (v, k) { lines.push(k + ': ' + v); });\n"
"      show('r-status', 'HTTP ' + r.status + ' ' + r.statusText);\n"
"      show('r-headers', lines.join('\\n'));\n"
"      if (r.redirected) {\n"
"        show('r-note', 'The browser followed a redirect; this is the ' +\n"
"          'answer from ' + r.url);\n"
"      }\n"
"      return r.text();\n"
"    }).then(function (text) {\n"
"      // A large size= content is shown in part.\n"
"      show('r-body', text === '' ? '(no content)' : text.length > 20000 ?\n"
"        text.slice(0, 20000) + '\\n... (' + text.length +\n"
"        ' characters in all)' : text);\n"
"    }).catch(function (e) {\n"
"      show('r-status', 'The request failed: ' + e);\n"
"    });\n"
"  };\n"
"  document.getElementById('try-actions').hidden = false;\n"
"  document.getElementById('try-extra').hidden = false;\n"
"  document.getElementById('try-get').addEventListener('click',\n"
"    function () { run('GET'); });\n"
"  document.getElementById('try-post').addEventListener('click',\n"
"    function () { run('POST'); });\n"
"}());\n";

static const struct asset assets[] = {
	{ "statuscgi.css", "text/css; charset=utf-8", css, sizeof(css) - 1 },
	{ "statuscgi.js", "text/javascript; charset=utf-8", js, sizeof(js) - 1 },
};

const struct asset *
asset_find(const char *name)
{
	size_t	 i;

	for (i = 0; i < sizeof(assets) / sizeof(assets[0]); i++)
		if (strcmp(assets[i].name, name) == 0)
			return &assets[i];
	return NULL;
}
