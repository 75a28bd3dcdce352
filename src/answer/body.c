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

/* As body.h says. */
void
html_top(struct buf *b, const char *script)
{
	buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n"
	    "<link rel=\"icon\" href=\"data:,\">\n<link rel=\"stylesheet\" href=\"");
	html_escape(b, script != NULL ? script : "");
	buf_puts(b, "?asset=statuscgi.css\">\n<title>");
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
