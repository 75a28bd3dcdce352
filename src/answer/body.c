/* SPDX-License-Identifier: ISC */
/*
 * body.c - the content of generated answers: text, HTML or JSON. Pure
 * functions, run by whichever process or thread serves a request (a CGI
 * process, or a FastCGI worker process's loop thread) or, for --list, by
 * main.c at start-up; they touch only the buffer they are given.
 */
#include <string.h>
#include <strings.h>

#include "answer/body.h"

const char *
fmt_type(enum fmt f)
{
	switch (f) {
	case FMT_HTML:
		return "text/html; charset=utf-8";
	case FMT_JSON:
		return "application/json";
	default:
		return "text/plain; charset=utf-8";
	}
}

/* Parses a qvalue (RFC 9110 §12.4.2) into thousandths; bad ones give 0. */
static unsigned
parse_q(const char *s, size_t n)
{
	unsigned v = 0, scale = 1000;
	size_t	 i;

	if (n == 0 || (s[0] != '0' && s[0] != '1'))
		return 0;
	v = (unsigned)(s[0] - '0') * 1000;
	if (n > 1 && s[1] != '.')
		return 0;
	for (i = 2; i < n && i < 5; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		scale /= 10;
		v += (unsigned)(s[i] - '0') * scale;
	}
	return v > 1000 ? 1000 : v;
}

enum fmt
fmt_negotiate(const char *accept)
{
	static const char *types[] = { "text/plain", "text/html",
	    "application/json" };
	unsigned	 best[3] = { 0, 0, 0 }, spec[3] = { 0, 0, 0 };
	const char	*p = accept, *e, *semi, *qp;
	size_t		 rn, k, tn;
	unsigned	 q, s;
	int		 i, pick = 0;

	if (accept == NULL)
		return FMT_TEXT;
	while (*p != '\0') {
		while (*p == ' ' || *p == ',')
			p++;
		e = p + strcspn(p, ",");
		semi = memchr(p, ';', (size_t)(e - p));
		rn = (size_t)((semi ? semi : e) - p);
		while (rn > 0 && p[rn - 1] == ' ')
			rn--;
		q = 1000;
		for (qp = semi; qp != NULL && qp < e; ) {
			qp++;
			while (*qp == ' ')
				qp++;
			if ((qp[0] == 'q' || qp[0] == 'Q') && qp[1] == '=') {
				k = strcspn(qp + 2, ";, ");
				q = parse_q(qp + 2, k);
			}
			qp = memchr(qp, ';', (size_t)(e - qp));
		}
		for (i = 0; i < 3; i++) {
			tn = strlen(types[i]);
			/* specificity: 3 exact, 2 type/ *, 1 * / * */
			if (rn == tn && strncasecmp(p, types[i], tn) == 0)
				s = 3;
			else if (rn == 3 && strncmp(p, "*/*", 3) == 0)
				s = 1;
			else if (rn >= 2 && p[rn - 1] == '*' &&
			    p[rn - 2] == '/' &&
			    strncasecmp(p, types[i], rn - 1) == 0)
				s = 2;
			else
				continue;
			if (s > spec[i]) {
				spec[i] = s;
				best[i] = q;
			}
		}
		p = e;
	}
	for (i = 1; i < 3; i++)
		if (best[i] > best[pick])
			pick = i;
	if (best[pick] == 0)
		return FMT_TEXT;
	return (enum fmt)pick;
}

int
html_escape(struct buf *b, const char *s)
{
	const char *run = s;

	for (; *s != '\0'; s++) {
		const char *rep;

		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		buf_append(b, run, (size_t)(s - run));
		buf_puts(b, rep);
		run = s + 1;
	}
	return buf_append(b, run, (size_t)(s - run));
}

int
json_string(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const char	*run = s;
	unsigned char	 c;

	buf_putc(b, '"');
	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		/* "<>&" escaped too, so the JSON is safe inside HTML. */
		if (c >= 0x20 && c != '"' && c != '\\' && c != '<' &&
		    c != '>' && c != '&' && c != 0x7f)
			continue;
		buf_append(b, run, (size_t)(s - run));
		if (c == '"' || c == '\\') {
			buf_putc(b, '\\');
			buf_putc(b, (char)c);
		} else {
			buf_puts(b, "\\u00");
			buf_putc(b, hex[c >> 4]);
			buf_putc(b, hex[c & 15]);
		}
		run = s + 1;
	}
	buf_append(b, run, (size_t)(s - run));
	return buf_putc(b, '"');
}

/* The start of every HTML page, up to the text of its <title>. */
static void
html_top(struct buf *b, const char *script)
{
	buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n"
	    "<link rel=\"icon\" href=\"data:,\">\n<link rel=\"stylesheet\" href=\"");
	html_escape(b, script != NULL ? script : "");
	buf_puts(b, "?asset=statuscgi.css\">\n<title>");
}

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

/* A fixed piece of a format, its length known when compiled. */
struct piece {
	const char	*s;
	size_t		 n;
};
#define PIECE(lit)	{ lit, sizeof(lit) - 1 }

/*
 * How one format lists a head's headers: open, then each header as
 * first (or next, after the first), its name, mid, its value and end,
 * then close; names and values go through put (escaping them, or not).
 */
struct head_style {
	struct piece	 open, first, next, mid, end, close;
	int		(*put)(struct buf *, const char *);
};

static const struct head_style html_style = {
	PIECE("<dl class=\"sent\">\n"), PIECE("<dt>"), PIECE("<dt>"),
	PIECE("</dt><dd>"), PIECE("</dd>\n"), PIECE("</dl>\n"), html_escape
};
static const struct head_style json_style = {
	PIECE(",\"headers\":["), PIECE("{\"name\":"), PIECE(",{\"name\":"),
	PIECE(",\"value\":"), PIECE("}"), PIECE("]"), json_string
};
static const struct head_style text_style = {
	PIECE(""), PIECE("  "), PIECE("  "), PIECE(": "), PIECE("\n"),
	PIECE(""), buf_puts
};

/* Appends p to b, if it is not empty. */
static void
put_piece(struct buf *b, const struct piece *p)
{
	if (p->n > 0)
		buf_append(b, p->s, p->n);
}

/* Lists the headers of h as style s says. */
static void
head_list(struct buf *b, const struct head *h, const struct head_style *s)
{
	size_t	 i;

	put_piece(b, &s->open);
	for (i = 0; i < h->n; i++) {
		put_piece(b, i ? &s->next : &s->first);
		s->put(b, h->h[i].name);
		put_piece(b, &s->mid);
		s->put(b, h->h[i].value);
		put_piece(b, &s->end);
	}
	put_piece(b, &s->close);
}

/* A head in JSON: its code, its reason and its headers. */
static void
json_head(struct buf *b, const struct head *h)
{
	buf_puts(b, "\"code\":");
	buf_putu(b, h->code);
	buf_puts(b, ",\"reason\":");
	json_string(b, h->reason);
	head_list(b, h, &json_style);
}

/* "404 Not Found" and the like, the reason put as put does. */
static void
code_reason(struct buf *b, unsigned code, const char *reason,
    int (*put)(struct buf *, const char *))
{
	buf_putu(b, code);
	buf_putc(b, ' ');
	put(b, reason);
}

/*
 * How body_status() describes a status in HTML or in text: where its
 * lines and headings start (_open) and end; the HTML page has a head and
 * a foot of its own besides. Strings from outside go through put
 * (escaping them, or not), the headers as heads says.
 */
struct page_style {
	struct piece	 title_end, reg_open, line_end, class_open, class_end,
			 ref_end, why_open, first_open, first_end, sent;
	int		(*put)(struct buf *, const char *);
	const struct head_style *heads;
};

static const struct page_style html_page = {
	PIECE("</h1>\n"), PIECE("<p>Registered reason phrase: "),
	PIECE("</p>\n"), PIECE("<p>"), PIECE("</p>\n<p>"), PIECE(")</p>\n"),
	PIECE("<p class=\"why\">Why: "), PIECE("<h2>Sent first: "),
	PIECE("</h2>\n"), PIECE("<h2>Headers sent</h2>\n"),
	html_escape, &html_style
};
static const struct page_style text_page = {
	PIECE("\n"), PIECE("Registered reason phrase: "), PIECE("\n"),
	PIECE(""), PIECE("\n"), PIECE(")\n"), PIECE("Why: "),
	PIECE("Sent first: "), PIECE("\n"), PIECE("Headers sent:\n"),
	buf_puts, &text_style
};

static void
link_back(struct buf *b, const char *script)
{
	buf_puts(b, "<p><a href=\"");
	html_escape(b, script != NULL ? script : "?");
	buf_puts(b, "\">All status codes</a></p>\n");
}

int
body_status(struct buf *b, enum fmt f, const struct head *fin,
    const struct status *st, const struct head *interim, const char *why,
    const char *script)
{
	const struct status_class *cl = status_class(fin->code);
	const struct page_style *ps;
	unsigned	 cn = fin->code / 100;

	if (f == FMT_JSON) {
		buf_putc(b, '{');
		json_head(b, fin);
		buf_puts(b, ",\"registered_reason\":");
		json_string(b, st->phrase);
		buf_printf(b, ",\"class\":\"%uxx\",\"class_name\":", cn);
		json_string(b, cl->name);
		buf_puts(b, ",\"description\":");
		json_string(b, st->desc);
		buf_puts(b, ",\"reference\":");
		json_string(b, st->ref);
		if (why != NULL) {
			buf_puts(b, ",\"why\":");
			json_string(b, why);
		}
		if (interim != NULL) {
			buf_puts(b, ",\"interim\":{");
			json_head(b, interim);
			buf_putc(b, '}');
		}
		return buf_puts(b, "}\n");
	}
	ps = f == FMT_HTML ? &html_page : &text_page;
	if (f == FMT_HTML) {
		html_top(b, script);
		code_reason(b, fin->code, fin->reason, ps->put);
		buf_puts(b, "</title>\n</head>\n<body>\n<h1>");
	}
	code_reason(b, fin->code, fin->reason, ps->put);
	put_piece(b, &ps->title_end);
	if (strcmp(fin->reason, st->phrase) != 0) {
		put_piece(b, &ps->reg_open);
		ps->put(b, st->phrase);
		put_piece(b, &ps->line_end);
	}
	put_piece(b, &ps->class_open);
	buf_putu(b, cn);
	buf_puts(b, "xx ");
	buf_puts(b, cl->name);
	buf_puts(b, ": ");
	buf_puts(b, cl->desc);
	put_piece(b, &ps->class_end);
	ps->put(b, st->desc);
	buf_puts(b, " (");
	ps->put(b, st->ref);
	put_piece(b, &ps->ref_end);
	if (why != NULL) {
		put_piece(b, &ps->why_open);
		ps->put(b, why);
		put_piece(b, &ps->line_end);
	}
	if (interim != NULL) {
		put_piece(b, &ps->first_open);
		code_reason(b, interim->code, interim->reason, ps->put);
		put_piece(b, &ps->first_end);
		head_list(b, interim, ps->heads);
	}
	put_piece(b, &ps->sent);
	head_list(b, fin, ps->heads);
	if (f == FMT_HTML) {
		link_back(b, script);
		buf_puts(b, "</body>\n</html>\n");
	}
	return buf_failed(b) ? -1 : 0;
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
body_index(struct buf *b, enum fmt f, const char *script)
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
