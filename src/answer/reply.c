/* SPDX-License-Identifier: ISC */
/*
 * reply.c - an answer on its way out in timed pieces. Runs in whichever
 * thread owns the reply (the CGI process, or the FastCGI loop thread
 * that took the request off its timer); touches only that reply.
 */
#include "answer/reply.h"

#define CHUNK	65528	/* pattern bytes made and written at a time */

void
reply_init(struct reply *r, size_t cap)
{
	buf_init(&r->bytes, cap);
	reply_reset(r);
}

void
reply_free(struct reply *r)
{
	buf_free(&r->bytes);
}

void
reply_reset(struct reply *r)
{
	buf_reset(&r->bytes);
	r->at_once = 0;
	r->head_end = 0;
	r->sent = 0;
	content_reset(&r->body);
	r->body_sent = 0;
	r->wait_ms = 0;
	r->waited = 0;
	r->drip_ms = 0;
	r->pieces = 0;
	r->ticks = 0;
}

void
reply_drip(struct reply *r, unsigned long ms)
{
	unsigned long	 k = ms / DRIP_PIECE_MS;

	if (ms == 0 || r->body.len == 0)
		return;
	if (k == 0)
		k = 1;
	if (k > r->body.len)
		k = (unsigned long)r->body.len;
	r->drip_ms = ms;
	r->pieces = k;
}

unsigned long long
reply_size(const struct reply *r)
{
	return r->head_end + r->body.len;
}

/*
 * Writes r's head bytes up to end. Returns 0, REPLY_BLOCKED if the sink
 * took only part, or -1 if it failed.
 */
static int
send_upto(struct reply *r, size_t end, const struct sink *s)
{
	long	 took;

	if (end <= r->sent)
		return 0;
	took = s->write(s->ctx, r->bytes.data + r->sent, end - r->sent);
	if (took < 0)
		return -1;
	r->sent += (size_t)took;
	return r->sent < end ? REPLY_BLOCKED : 0;
}

/*
 * Writes r's content up to byte end: text from r's bytes, pattern made
 * CHUNK bytes at a time. Returns 0, REPLY_BLOCKED if the sink took only
 * part, or -1 if it failed.
 */
static int
send_body(struct reply *r, unsigned long long end, const struct sink *s)
{
	char		 chunk[CHUNK];
	unsigned long long at = 0, in, n;
	size_t		 i;
	long		 took;

	for (i = 0; i < r->body.n && r->body_sent < end; i++) {
		const struct seg *g = &r->body.seg[i];

		if (r->body_sent >= at + g->len) {
			at += g->len;
			continue;
		}
		while (r->body_sent < end && r->body_sent < at + g->len) {
			in = r->body_sent - at;
			n = at + g->len - r->body_sent;
			if (n > end - r->body_sent)
				n = end - r->body_sent;
			if (g->kind == SEG_TEXT)
				took = s->write(s->ctx, r->bytes.data + g->off +
				    in, (size_t)n);
			else {
				if (n > CHUNK)
					n = CHUNK;
				pattern_fill(chunk, (size_t)n, g->off + in);
				took = s->write(s->ctx, chunk, (size_t)n);
			}
			if (took < 0)
				return -1;
			r->body_sent += (unsigned long long)took;
			if ((unsigned long long)took < n)
				return REPLY_BLOCKED;
		}
		at += g->len;
	}
	return 0;
}

long
reply_step(struct reply *r, const struct sink *s, int hurry)
{
	unsigned long long end;
	unsigned long	 due, next;
	int		 rc;

	if (buf_failed(&r->bytes))
		return -1;
	if ((rc = send_upto(r, r->at_once, s)) != 0)
		return rc;
	if (r->wait_ms > 0 && !r->waited && !hurry) {
		r->waited = 1;
		return (long)r->wait_ms;
	}
	if ((rc = send_upto(r, r->head_end, s)) != 0)
		return rc;
	if (r->pieces == 0 || hurry)
		return send_body(r, r->body.len, s);
	/* drip=: piece t of k is due t/k of the way through the drip. */
	end = r->body.len * r->ticks / r->pieces;
	if ((rc = send_body(r, end, s)) != 0)
		return rc;
	if (r->ticks == r->pieces)
		return 0;
	due = (unsigned long)((unsigned long long)r->drip_ms * r->ticks /
	    r->pieces);
	r->ticks++;
	next = (unsigned long)((unsigned long long)r->drip_ms * r->ticks /
	    r->pieces);
	return next > due ? (long)(next - due) : 1;
}
