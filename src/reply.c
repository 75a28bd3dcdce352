/*
 * reply.c - an answer on its way out in timed pieces. Runs in whichever
 * thread owns the reply (the CGI process, or the FastCGI worker thread
 * that took the request off its timer); touches only that reply.
 */
#include "reply.h"

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
	r->sent = 0;
	r->wait_ms = 0;
	r->waited = 0;
}

/* Writes r's bytes up to end. Returns 0, or -1 if the sink failed. */
static int
send_upto(struct reply *r, size_t end, const struct sink *s)
{
	int	 rc = 0;

	if (end > r->sent)
		rc = s->write(s->ctx, r->bytes.data + r->sent, end - r->sent);
	r->sent = end;
	return rc;
}

long
reply_step(struct reply *r, const struct sink *s, int hurry)
{
	if (buf_failed(&r->bytes))
		return -1;
	if (send_upto(r, r->at_once, s) == -1)
		return -1;
	if (r->wait_ms > 0 && !r->waited && !hurry) {
		r->waited = 1;
		return (long)r->wait_ms;
	}
	return send_upto(r, r->bytes.len, s) == -1 ? -1 : 0;
}
