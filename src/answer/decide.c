/* SPDX-License-Identifier: ISC */
/*
 * decide.c - the decision order: before the answer asked for, the
 * request has its say as a server would check it, method (methods=),
 * then credentials (auth=), then preconditions (etag=, last-modified=),
 * and for size= content, its Range. Pure functions, run by whichever
 * process or thread serves a request: a CGI process, or a FastCGI worker
 * process's loop thread.
 */
#include <string.h>

#include "http/auth.h"
#include "http/cond.h"
#include "answer/decide.h"
#include "answer/policy.h"

/* Returns 1 if method is one of methods= (case-sensitive: RFC 9110 §9.1),
 * 0 if not. */
static int
method_listed(const char *methods, const char *method)
{
	size_t	 n, mn = strlen(method);

	for (;;) {
		while (*methods == ' ' || *methods == ',')
			methods++;
		if (*methods == '\0')
			return 0;
		n = strcspn(methods, ", ");
		if (n == mn && strncmp(methods, method, n) == 0)
			return 1;
		methods += n;
	}
}

int
decide_varies(const struct status *st, const struct opts *o, int asked)
{
	return !(st->flags & T_NO_BODY) && !(st->flags & T_RANGE) &&
	    !(asked && (o->body != NULL || o->have_size)) && !o->have_fmt;
}

int
decide_request(struct store *st, const struct request *r,
    const struct opts *o, unsigned fin, struct answer *a)
{
	struct conditions c;
	enum auth_verdict v;
	const char	*why;
	char		 q[48];
	int		 get_or_head;

	memset(a, 0, sizeof(*a));
	if (o->methods != NULL && !method_listed(o->methods, r->method)) {
		a->code = 405;
		a->allow = policy_allow(st, o->methods);
		a->why = store_printf(st, "the method %s is not one of those "
		    "allowed: %s", fail_quote(q, sizeof(q), r->method),
		    a->allow ? a->allow : "");
		return 1;
	}
	if ((v = auth_check(&o->auth, r->authorization, &why)) != AUTH_OK) {
		a->code = 401;
		a->challenge = auth_challenge(&o->auth, v);
		a->why = why;
		return 1;
	}
	/* §13.2.1: preconditions only for what would be 2xx, and not on
	 * methods that select no representation. */
	if (fin / 100 != 2 ||
	    (o->etag[0] == '\0' && o->last_modified == NULL) ||
	    strcmp(r->method, "OPTIONS") == 0 ||
	    strcmp(r->method, "CONNECT") == 0 ||
	    strcmp(r->method, "TRACE") == 0)
		return 0;
	c.if_match = r->if_match;
	c.if_none_match = r->if_none_match;
	c.if_modified_since = r->if_modified_since;
	c.if_unmodified_since = r->if_unmodified_since;
	get_or_head = strcmp(r->method, "GET") == 0 || r->head;
	switch (cond_eval(&c, o->etag, o->last_modified != NULL, o->lm_time,
	    get_or_head, r->now, &why)) {
	case COND_NOT_MODIFIED: {
		struct status s;

		status_get(fin, &s);
		a->code = 304;
		a->vary = decide_varies(&s, o, 1);
		a->why = why;
		return 1;
	}
	case COND_FAILED:
		a->code = 412;
		a->why = why;
		return 1;
	default:
		return 0;
	}
}

int
decide_range(struct store *st, const struct request *r,
    const struct opts *o, struct answer *a, struct ranges *rs,
    struct fail *f)
{
	char		 why[160];
	const struct byte_range *b;

	if (!a->sized || a->code != 200 || r->range == NULL ||
	    (strcmp(r->method, "GET") != 0 && !r->head))
		return 0;
	/* §13.1.5: a false If-Range means the whole representation. */
	if (r->if_range != NULL && !if_range_holds(r->if_range, o->etag,
	    o->last_modified != NULL, o->lm_time, r->now))
		return 0;
	switch (range_eval(r->range, o->size, rs, why, sizeof(why))) {
	case RANGE_PARTIAL:
		a->code = 206;
		a->reason = NULL;
		a->ranges = rs;
		b = &rs->r[0];
		a->content_range = rs->n > 1 ? "" : store_printf(st,
		    "bytes %llu-%llu/%llu", b->first, b->last, o->size);
		if (a->content_range == NULL)
			return fail_set(f, 400, "response headers too large");
		return 0;
	case RANGE_UNSATISFIABLE:
		/* §15.5.17: Content-Range gives the current length. */
		a->code = 416;
		a->reason = NULL;
		a->asked = 0;
		a->sized = 0;
		a->why = store_n(st, why, strlen(why));
		return 0;
	default:
		return 0;
	}
}
