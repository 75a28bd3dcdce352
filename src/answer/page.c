/* SPDX-License-Identifier: ISC */
/*
 * page.c - the front page: every registered code grouped by class, with
 * what each carries and how a request brings it about, and the form that
 * asks for one, in text, HTML or JSON. Pure: runs in whichever process or
 * thread serves a request (a CGI process, or a FastCGI worker process's
 * loop thread) or, for --list, in main.c at start-up; touches only the
 * buffer it is given.
 */
#include <string.h>

#include "answer/body.h"
#include "answer/page.h"
#include "http/table.h"

/* The headers a status carries by default or when asked, as text. */
static void
carried(struct buf *b, unsigned flags)
{
	static const struct { unsigned flag; const char *text; } names[] = {
		{ T_LOCATION, "Location" },
		{ T_LOCATION_OPT, "Location (when given)" },
		{ T_WWW_AUTH, "WWW-Authenticate" },
		{ T_PROXY_AUTH, "Proxy-Authenticate" },
		{ T_ALLOW, "Allow" },
		{ T_RETRY, "Retry-After" },
		{ T_RETRY_OPT, "Retry-After (when given)" },
		{ T_RANGE, "Content-Range" },
		{ T_RANGE_UNSAT, "Content-Range" },
		{ T_UPGRADE, "Upgrade" },
		{ T_LINK, "Link" },
		{ T_VALIDATORS, "ETag, Last-Modified (when given)" },
	};
	size_t	 i;
	int	 any = 0;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (flags & names[i].flag) {
			buf_puts(b, any ? ", " : "");
			buf_puts(b, names[i].text);
			any = 1;
		}
	if (flags & T_NO_BODY)
		buf_puts(b, any ? "; no content" : "No content");
	else
		buf_puts(b, any ? "; a body" : "A body");
}

/* How a request, not only code=, brings code about; NULL for most. */
static const char *
caused_by(unsigned code)
{
	switch (code) {
	case 301: case 302: case 303: case 307: case 308:
		return "redirects=N makes a chain of N of them, ending on 200.";
	case 206:
		return "Also the answer to a GET with a Range header, when a "
		    "200 has size=.";
	case 416:
		return "Also the answer to a Range none of whose ranges fits "
		    "the size= content.";
	case 304:
		return "Also the answer to a GET whose If-None-Match or "
		    "If-Modified-Since holds, when a 2xx has etag= or "
		    "last-modified=.";
	case 401:
		return "Also what auth= answers a request without the right "
		    "credentials.";
	case 405:
		return "Also what methods= answers any other method.";
	case 412:
		return "Also the answer to a false If-Match or "
		    "If-Unmodified-Since, when a 2xx has etag= or "
		    "last-modified=.";
	default:
		return NULL;
	}
}

/*
 * Opens a section of the front page's form: a <details> with id, closed
 * (the page's script opens one whose field holds a value), hidden too
 * when hidden is set, whose <summary> is title, then hint in a lighter
 * type. Its fields go in a grid of their own, which section_close ends.
 * Returns 0, or -1 when b has overflowed (now or before).
 */
static int
section_open(struct buf *b, const char *id, int hidden, const char *title,
    const char *hint)
{
	buf_puts(b, "<details id=\"");
	html_escape(b, id);
	buf_puts(b, hidden ? "\" hidden>\n<summary>" : "\">\n<summary>");
	html_escape(b, title);
	buf_puts(b, " <span class=\"sum\">");
	html_escape(b, hint);
	return buf_puts(b, "</span></summary>\n<div class=\"fields\">\n");
}

/* Ends what section_open began. Returns 0, or -1 when b has overflowed. */
static int
section_close(struct buf *b)
{
	return buf_puts(b, "</div>\n</details>\n");
}

int
page_index(struct buf *b, enum fmt f, const char *script)
{
	const struct status *all;
	const char	*cause;
	unsigned	 n, i, cls = 0;

	all = status_all(&n);
	if (f == FMT_JSON) {
		buf_puts(b, "{\"codes\":[");
		for (i = 0; i < n; i++) {
			buf_printf(b, "%s{\"code\":%u,\"reason\":",
			    i ? "," : "", all[i].code);
			json_string(b, all[i].phrase);
			buf_puts(b, ",\"class_name\":");
			json_string(b, status_class(all[i].code)->name);
			buf_puts(b, ",\"description\":");
			json_string(b, all[i].desc);
			buf_puts(b, ",\"reference\":");
			json_string(b, all[i].ref);
			buf_putc(b, '}');
		}
		return buf_puts(b, "]}\n");
	}
	if (f == FMT_TEXT) {
		for (i = 0; i < n; i++)
			buf_printf(b, "%u %s: %s\n", all[i].code,
			    all[i].phrase, all[i].desc);
		return buf_failed(b) ? -1 : 0;
	}
	html_top(b, script);
	buf_puts(b, "statuscgi: every HTTP status</title>\n<script src=\"");
	html_escape(b, script != NULL ? script : "");
	buf_puts(b, "?asset=statuscgi.js\" defer></script>\n</head>\n<body>\n"
	    "<header>\n<h1>statuscgi: every HTTP status</h1>\n"
	    "<p class=\"lead\">Ask this server for any status and get it, with "
	    "the headers that status needs. Pick a code below, or fill in the "
	    "form.</p>\n</header>\n<main>\n"
	    "<section aria-labelledby=\"ask-h\">\n"
	    "<h2 id=\"ask-h\">Ask for a status</h2>\n<form id=\"ask\" action=\"");
	html_escape(b, script != NULL ? script : "");
	buf_puts(b, "\" method=\"get\">\n"
	    "<label for=\"f-code\">Code</label>\n"
	    "<input id=\"f-code\" name=\"code\" list=\"codes\" required "
	    "autocomplete=\"off\" placeholder=\"404, or 200,500, or "
	    "200:0.9,503:0.1\">\n"
	    "<label for=\"f-reason\">Reason phrase</label>\n"
	    "<input id=\"f-reason\" name=\"reason\" maxlength=\"100\" "
	    "placeholder=\"the registered one\">\n"
	    "<label for=\"f-type\">Body format</label>\n"
	    "<select id=\"f-type\" name=\"type\">\n"
	    "<option value=\"html\">HTML</option>\n"
	    "<option value=\"text\">Text</option>\n"
	    "<option value=\"json\">JSON</option>\n</select>\n");
	section_open(b, "s-headers", 0, "Headers",
	    "Location, a redirect chain, extra headers, Cache-Control");
	buf_puts(b, "<label for=\"f-location\">Location</label>\n"
	    "<input id=\"f-location\" name=\"location\" "
	    "placeholder=\"for 201 and 3xx: this program asked for 200\">\n"
	    "<label for=\"f-redirects\">Redirects in a chain</label>\n"
	    "<input id=\"f-redirects\" name=\"redirects\" type=\"number\" "
	    "min=\"1\" max=\"20\" step=\"1\" "
	    "placeholder=\"with 301-308: this many hops, then 200\">\n"
	    "<label for=\"f-header1\">Extra header</label>\n"
	    "<input id=\"f-header1\" name=\"header\" "
	    "placeholder=\"X-Example: value\">\n"
	    "<label for=\"f-header2\">Another header</label>\n"
	    "<input id=\"f-header2\" name=\"header\" "
	    "placeholder=\"Cache-Control: no-store\">\n"
	    "<label for=\"f-cc\">Cache-Control</label>\n"
	    "<input id=\"f-cc\" name=\"cache-control\" autocomplete=\"off\" "
	    "placeholder=\"no-cache, or max-age=60\">\n");
	section_close(b);
	section_open(b, "s-timing", 0, "Timing",
	    "a wait before the answer, content sent slowly");
	buf_puts(b, "<label for=\"f-sleep\">Wait first (ms)</label>\n"
	    "<input id=\"f-sleep\" name=\"sleep\" type=\"number\" min=\"0\" "
	    "max=\"10000\" step=\"1\" placeholder=\"0\">\n"
	    "<label for=\"f-drip\">Send the content over (ms)</label>\n"
	    "<input id=\"f-drip\" name=\"drip\" type=\"number\" min=\"0\" "
	    "max=\"10000\" step=\"1\" placeholder=\"0: all at once\">\n");
	section_close(b);
	section_open(b, "s-content", 0, "Content",
	    "a body of N bytes, served in parts on a Range");
	buf_puts(b, "<label for=\"f-size\">Content size (bytes)</label>\n"
	    "<input id=\"f-size\" name=\"size\" type=\"number\" min=\"0\" "
	    "max=\"1073741824\" step=\"1\" "
	    "placeholder=\"a pattern this long: a 200 then heeds Range\">\n");
	section_close(b);
	section_open(b, "s-conditions", 0, "Conditions",
	    "ETag, Last-Modified, the methods allowed");
	buf_puts(b, "<label for=\"f-etag\">ETag</label>\n"
	    "<input id=\"f-etag\" name=\"etag\" autocomplete=\"off\" "
	    "placeholder=\"v1: a 2xx then heeds If-None-Match, If-Match\">\n"
	    "<label for=\"f-lm\">Last-Modified</label>\n"
	    "<input id=\"f-lm\" name=\"last-modified\" autocomplete=\"off\" "
	    "placeholder=\"Sun, 06 Nov 1994 08:49:37 GMT\">\n"
	    "<label for=\"f-methods\">Methods allowed</label>\n"
	    "<input id=\"f-methods\" name=\"methods\" autocomplete=\"off\" "
	    "placeholder=\"GET,HEAD: any other method gets 405\">\n");
	section_close(b);
	section_open(b, "s-credentials", 0, "Credentials",
	    "what a request must carry, or get 401");
	buf_puts(b, "<label for=\"f-auth\">Credentials needed</label>\n"
	    "<input id=\"f-auth\" name=\"auth\" autocomplete=\"off\" "
	    "placeholder=\"basic:USER:PASS, bearer, or bearer:TOKEN\">\n");
	section_close(b);
	buf_puts(b, "<div class=\"actions\">\n"
	    "<button type=\"submit\" id=\"send-get\">Send with GET</button>\n"
	    "<button type=\"submit\" id=\"send-post\" formmethod=\"post\">"
	    "Send with POST</button>\n</div>\n");
	/* Hidden until the script shows it: only its buttons send these. */
	section_open(b, "try-extra", 1, "Request headers for Try it here",
	    "credentials, If-None-Match, Range");
	buf_puts(b, "<p class=\"note\">Sent as request headers by the Try it "
	    "here buttons only, never as parameters.</p>\n"
	    "<label for=\"t-user\">User</label>\n"
	    "<input id=\"t-user\" autocomplete=\"off\" "
	    "placeholder=\"for Authorization: Basic\">\n"
	    "<label for=\"t-pass\">Password</label>\n"
	    "<input id=\"t-pass\" type=\"password\" "
	    "autocomplete=\"off\">\n"
	    "<label for=\"t-token\">Bearer token</label>\n"
	    "<input id=\"t-token\" autocomplete=\"off\" "
	    "placeholder=\"for Authorization: Bearer\">\n"
	    "<label for=\"t-inm\">If-None-Match</label>\n"
	    "<input id=\"t-inm\" autocomplete=\"off\" "
	    "placeholder=\"&quot;v1&quot;\">\n"
	    "<label for=\"t-range\">Range</label>\n"
	    "<input id=\"t-range\" autocomplete=\"off\" "
	    "placeholder=\"bytes=0-99, with a content size\">\n");
	section_close(b);
	buf_puts(b, "<div class=\"actions\" id=\"try-actions\" hidden>\n"
	    "<button type=\"button\" id=\"try-get\">Try it here (GET)</button>\n"
	    "<button type=\"button\" id=\"try-post\">Try it here (POST)</button>\n"
	    "</div>\n</form>\n<datalist id=\"codes\">\n");
	for (i = 0; i < n; i++) {
		buf_printf(b, "<option value=\"%u\">%u ", all[i].code,
		    all[i].code);
		html_escape(b, all[i].phrase);
		buf_puts(b, "</option>\n");
	}
	buf_puts(b, "</datalist>\n"
	    "<section id=\"result\" aria-live=\"polite\" hidden>\n"
	    "<h3>The answer</h3>\n<p class=\"note\" id=\"r-note\"></p>\n"
	    "<h4>Request</h4>\n<pre id=\"r-request\"></pre>\n"
	    "<h4>Status line</h4>\n<pre id=\"r-status\"></pre>\n"
	    "<h4>Headers</h4>\n<pre id=\"r-headers\"></pre>\n"
	    "<h4>Body</h4>\n<pre id=\"r-body\"></pre>\n</section>\n"
	    "</section>\n");
	for (i = 0; i < n; i++) {
		if (all[i].code / 100 != cls) {
			cls = all[i].code / 100;
			buf_printf(b, "%s<section aria-labelledby=\"c%u\">\n"
			    "<h2 id=\"c%u\">%uxx %s</h2>\n<p class=\"class-desc\">"
			    "%s</p>\n<ul class=\"codes\">\n",
			    cls > 1 ? "</ul>\n</section>\n" : "", cls, cls, cls,
			    status_class(all[i].code)->name,
			    status_class(all[i].code)->desc);
		}
		buf_puts(b, "<li><a href=\"");
		if (script != NULL) {
			html_escape(b, script);
			buf_printf(b, "/%u\">", all[i].code);
		} else
			buf_printf(b, "?code=%u\">", all[i].code);
		buf_printf(b, "%u ", all[i].code);
		html_escape(b, all[i].phrase);
		buf_puts(b, "</a>: ");
		html_escape(b, all[i].desc);
		buf_puts(b, " <span class=\"hdrs\">");
		carried(b, all[i].flags);
		buf_puts(b, "</span>");
		if ((cause = caused_by(all[i].code)) != NULL) {
			buf_puts(b, "<span class=\"cause\">");
			html_escape(b, cause);
			buf_puts(b, "</span>");
		}
		buf_puts(b, "</li>\n");
	}
	return buf_puts(b, "</ul>\n</section>\n</main>\n</body>\n</html>\n");
}
