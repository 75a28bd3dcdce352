/* serve.c - one request through read, plan, wait and write. */
#include <errno.h>
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
		plan_response(&w->plan, &w->req, &c, entropy);
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
