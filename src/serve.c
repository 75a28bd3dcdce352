/* serve.c - one request through read, plan, wait and write. */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "serve.h"

#define OUT_MAX	(BODY_MAX + 2 * HEAD_MAX + 1024)

void
worker_init(struct worker *w)
{
	request_init(&w->req);
	plan_init(&w->plan);
	buf_init(&w->out, OUT_MAX);
}

void
worker_free(struct worker *w)
{
	request_free(&w->req);
	plan_free(&w->plan);
	buf_free(&w->out);
}

/* Waits ms milliseconds, resuming after signals. */
static void
wait_ms(unsigned long ms)
{
	struct timespec	 ts;

	ts.tv_sec = (time_t)(ms / 1000);
	ts.tv_nsec = (long)(ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/*
 * What the way to the client can carry besides the final answer. NPH
 * output reaches the client untouched (RFC 3875 §5). Of the servers that
 * parse a program's headers, lighttpd sends a 1xx block as a real interim
 * response and reads the next block as the answer; Apache and nginx send
 * it as a broken final one, and none of them switches protocols. Without
 * SERVER_SOFTWARE (a shell, a test) the raw blocks are the useful answer.
 */
static unsigned
relay_for(enum out_mode mode, const char *server)
{
	if (mode == OUT_NPH || server == NULL)
		return RELAY_INTERIM | RELAY_SWITCH;
	if (strncmp(server, "lighttpd/", 9) == 0)
		return RELAY_INTERIM;
	return 0;
}

int
serve(struct worker *w, const struct input *in, const struct sink *s,
    enum out_mode mode, const struct config *base, uint64_t entropy)
{
	struct fail	 f;
	struct out	 o;
	struct config	 c;

	if (request_read(&w->req, in, &f) == -1)
		plan_fail(&w->plan, &f);
	else {
		config_read(&c, in, base);
		plan_response(&w->plan, &w->req, &c, entropy,
		    relay_for(mode, w->req.server));
	}
	o.mode = mode;
	o.protocol = w->req.protocol;
	o.head = w->req.head;
	o.now = time(NULL);
	if (write_interim(&w->plan, &o, &w->out, s) == -1)
		return -1;
	if (w->plan.sleep_ms > 0) {
		wait_ms(w->plan.sleep_ms);
		o.now = time(NULL);
	}
	return write_final(&w->plan, &o, &w->out, s);
}
