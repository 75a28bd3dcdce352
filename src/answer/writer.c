/* SPDX-License-Identifier: ISC */
/*
 * writer.c - the one place a planned answer becomes bytes: a CGI header
 * block (also what FastCGI carries) or, for nph- scripts, the whole HTTP
 * response head. Lines end in CRLF (RFC 9112 §2.1). Pure functions, run by
 * whichever process or thread serves a request: a CGI process, or a FastCGI
 * worker process's loop thread; they write only into the reply they are
 * given.
 */
#include <string.h>
#include <time.h>

#include "http/cond.h"
#include "answer/writer.h"

static const char *
proto(const struct out *o)
{
	/* RFC 3875 §5.2: answer in the request's protocol version. */
	if (o->protocol != NULL && strcmp(o->protocol, "HTTP/1.0") == 0)
		return "HTTP/1.0";
	return "HTTP/1.1";
}

static void
status_line(struct buf *b, const struct head *h, const struct out *o)
{
	if (o->mode == OUT_NPH) {
		buf_puts(b, proto(o));
		buf_putc(b, ' ');
	} else
		buf_puts(b, "Status: ");
	buf_putu(b, h->code);
	buf_putc(b, ' ');
	buf_puts(b, h->reason);
	buf_puts(b, "\r\n");
}

static void
fields(struct buf *b, const struct head *h)
{
	size_t	 i;

	for (i = 0; i < h->n; i++) {
		buf_puts(b, h->h[i].name);
		buf_puts(b, ": ");
		buf_puts(b, h->h[i].value);
		buf_puts(b, "\r\n");
	}
}

/* Date, RFC 9110 §6.6.1, as IMF-fixdate (§5.6.7). */
static void
date(struct buf *b, time_t now)
{
	char	 s[40];

	if (http_date_format((long long)now, s, sizeof(s)) == 0)
		buf_printf(b, "Date: %s\r\n", s);
}

/* The interim head of p. */
static void
interim(struct buf *b, const struct plan *p, const struct out *o)
{
	status_line(b, &p->interim, o);
	fields(b, &p->interim);
	buf_puts(b, "\r\n");
}

/* Returns 1 if p's content is its pieces, 0 if it is p->body. */
static int
in_pieces(const struct plan *p)
{
	return p->content.n > 0;
}

/* The length of p's content. */
static unsigned long long
content_length(const struct plan *p)
{
	return in_pieces(p) ? p->content.len : (unsigned long long)p->body.len;
}

/* The final head of p. */
static void
final(struct buf *b, const struct plan *p, const struct out *o)
{
	int	 nph = o->mode == OUT_NPH;

	status_line(b, &p->final, o);
	if (nph) {
		date(b, o->now);
		/* RFC 3875 §5.2: no promise of further requests; RFC 9110
		 * §7.8 asks Upgrade to be named as a connection option. */
		if (p->ends_exchange)
			buf_puts(b, "Connection: Upgrade\r\n");
		else if (p->final.code == 426)
			buf_puts(b, "Connection: Upgrade, close\r\n");
		else
			buf_puts(b, "Connection: close\r\n");
	}
	fields(b, &p->final);
	if (p->content_type != NULL) {
		buf_puts(b, "Content-Type: ");
		buf_puts(b, p->content_type);
		buf_puts(b, "\r\nContent-Length: ");
		buf_putu(b, content_length(p));
		buf_puts(b, "\r\n");
	} else if (p->zero_length)
		buf_puts(b, "Content-Length: 0\r\n");
	buf_puts(b, "\r\n");
}

/*
 * Puts p's content into r after its heads: the text p holds is copied,
 * the pattern p names is only named. Returns 0, or -1 if r is full.
 */
static int
content(const struct plan *p, struct reply *r)
{
	size_t		 base = r->bytes.len, i;
	struct seg	 g;

	if (buf_append(&r->bytes, p->body.data, p->body.len) == -1)
		return -1;
	if (!in_pieces(p))
		return content_add(&r->body, SEG_TEXT, base, p->body.len);
	for (i = 0; i < p->content.n; i++) {
		g = p->content.seg[i];
		if (g.kind == SEG_TEXT)
			g.off += base;
		if (content_add(&r->body, g.kind, g.off, g.len) == -1)
			return -1;
	}
	return 0;
}

int
write_reply(const struct plan *p, const struct out *o, struct reply *r)
{
	reply_reset(r);
	if (p->has_interim)
		interim(&r->bytes, p, o);
	r->at_once = r->bytes.len;
	r->wait_ms = p->sleep_ms;
	final(&r->bytes, p, o);
	r->head_end = r->bytes.len;
	/* RFC 9110 §9.3.2: HEAD gets the same head and no content. */
	if (p->content_type != NULL && !o->head) {
		if (content(p, r) == -1)
			return -1;
		reply_drip(r, p->drip_ms);
	}
	return buf_failed(&r->bytes) ? -1 : 0;
}
