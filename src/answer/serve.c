/* SPDX-License-Identifier: ISC */
/*
 * serve.c - one request through read, plan and render. Runs in the
 * thread that owns the scratch struct; touches nothing else.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "answer/serve.h"

void
scratch_init(struct scratch *sc)
{
	request_init(&sc->req);
	plan_init(&sc->plan);
	sc->mode = OUT_CGI;
}

void
scratch_free(struct scratch *sc)
{
	request_free(&sc->req);
	plan_free(&sc->plan);
}

const char *
env_get(void *ctx, const char *name)
{
	(void)ctx;
	return getenv(name);
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

unsigned long
serve_plan(struct scratch *sc, const struct input *in, enum out_mode mode,
    const struct config *base, uint64_t entropy)
{
	struct fail	 f;
	struct config	 c;

	sc->mode = mode;
	if (request_read(&sc->req, in, &f) == -1)
		plan_fail(&sc->plan, &f);
	else {
		config_read(&c, in, base);
		plan_response(&sc->plan, &sc->req, &c, entropy,
		    relay_for(mode, sc->req.server));
	}
	return sc->plan.sleep_ms + sc->plan.drip_ms;
}

void
serve_busy(struct scratch *sc, const char *why, unsigned long retry_s)
{
	plan_busy(&sc->plan, why, retry_s);
}

int
serve_render(struct scratch *sc, struct reply *r)
{
	struct out	 o;

	o.mode = sc->mode;
	o.protocol = sc->req.protocol;
	o.head = sc->req.head;
	o.now = time(NULL) + (time_t)((sc->plan.sleep_ms + 500) / 1000);
	return write_reply(&sc->plan, &o, r);
}

int
serve(struct scratch *sc, const struct input *in, const struct sink *s,
    enum out_mode mode, const struct config *base, uint64_t entropy)
{
	struct reply	 r;
	long		 ms;
	int		 rc;

	reply_init(&r, REPLY_MAX);
	serve_plan(sc, in, mode, base, entropy);
	if (serve_render(sc, &r) == 0)
		while ((ms = reply_step(&r, s, 0)) > 0)
			wait_ms((unsigned long)ms);
	else
		ms = -1;
	rc = ms == 0 ? 0 : -1;
	reply_free(&r);
	return rc;
}
