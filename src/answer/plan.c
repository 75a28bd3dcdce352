/* SPDX-License-Identifier: ISC */
/*
 * plan.c - the pure middle: routes a request to its plan (a preflight,
 * an asset, the index, or the code asked for after the request had its
 * say: decide.c) and builds the heads and content of the answer, from
 * the header policy (policy.c) and sized content (sized.c). Nothing here
 * reads the environment, writes output or sleeps; bad input becomes a
 * 4xx plan. Pure functions, run by whichever process or thread serves a
 * request: a CGI process, or a FastCGI worker process's loop thread.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "answer/assets.h"
#include "answer/body.h"
#include "answer/page.h"
#include "answer/chain.h"
#include "http/check.h"
#include "answer/decide.h"
#include "nitems.h"
#include "answer/plan.h"
#include "answer/policy.h"
#include "answer/sized.h"
#include "http/table.h"

#define RANGE_LENGTH	"bytes 0-99/1000"

void
plan_init(struct plan *p)
{
	memset(p, 0, sizeof(*p));
	buf_init(&p->body, BODY_MAX);
}

void
plan_free(struct plan *p)
{
	buf_free(&p->body);
}

static void
plan_reset(struct plan *p)
{
	p->has_interim = 0;
	p->interim.n = p->final.n = 0;
	p->ends_exchange = 0;
	p->content_type = NULL;
	p->zero_length = 0;
	content_reset(&p->content);
	p->sleep_ms = 0;
	p->drip_ms = 0;
	store_reset(&p->store);
	buf_reset(&p->body);
}

/* Fills the headers that code needs or was given. Returns 0 or -1. */
static int
status_headers(struct store *sto, struct head *h, const struct status *st,
    const struct opts *o, const struct answer *a, struct fail *f)
{
	unsigned fl = st->flags;

	/* RFC 9110 §10.2.2; §15.3.2 for 201. Never with 200 (Apache 302s). */
	if ((fl & T_LOCATION) || ((fl & T_LOCATION_OPT) && o->location))
		if (head_add(h, "Location", a->location ? a->location :
		    o->location ? o->location : policy_location(sto, o->script),
		    a->location ? "redirects" : "location", f) == -1)
			return -1;
	/* RFC 9110 §11.6.1 */
	if ((fl & T_WWW_AUTH) && head_add(h, "WWW-Authenticate",
	    a->challenge ? a->challenge : o->www_auth ? o->www_auth :
	    "Basic realm=\"statuscgi\", charset=\"UTF-8\"",
	    "www-authenticate", f) == -1)
		return -1;
	/* RFC 9110 §11.7.1 */
	if ((fl & T_PROXY_AUTH) && head_add(h, "Proxy-Authenticate",
	    o->proxy_auth ? o->proxy_auth : "Basic realm=\"statuscgi\"",
	    "proxy-authenticate", f) == -1)
		return -1;
	/* RFC 9110 §15.5.6: a 405 MUST carry Allow; one that methods=
	 * decided names exactly those methods. */
	if ((fl & T_ALLOW) && head_add(h, "Allow", a->allow ? a->allow :
	    o->allow ? o->allow : o->methods ? policy_allow(sto, o->methods) :
	    "GET, HEAD, POST, OPTIONS", a->allow ? "methods" : "allow",
	    f) == -1)
		return -1;
	/* RFC 9110 §10.2.3; RFC 6585 §4 */
	if (((fl & T_RETRY) || ((fl & T_RETRY_OPT) && o->retry_after)) &&
	    head_add(h, "Retry-After", o->retry_after ? o->retry_after : "5",
	    "retry-after", f) == -1)
		return -1;
	/* RFC 9110 §14.4 */
	if (fl & T_RANGE) {
		const char *cr;

		if (a->content_range != NULL)
			cr = a->content_range[0] != '\0' ? a->content_range :
			    NULL;
		else if (o->have_range && o->range_len_known)
			cr = store_printf(sto, "bytes %llu-%llu/%llu",
			    o->range_first, o->range_last, o->range_len);
		else if (o->have_range)
			cr = store_printf(sto, "bytes %llu-%llu/*",
			    o->range_first, o->range_last);
		else
			cr = RANGE_LENGTH;
		/* multipart/byteranges: each part says its own (§14.6). */
		if ((cr != NULL || a->content_range == NULL) &&
		    head_add(h, "Content-Range", cr, "content-range", f) == -1)
			return -1;
	}
	/* RFC 9110 §15.5.17: a 416 SHOULD say the current length. */
	if ((fl & T_RANGE_UNSAT) && head_add(h, "Content-Range",
	    store_printf(sto, "bytes */%llu", o->unsat_len ? o->unsat_len :
	    o->have_size ? o->size : 1000ULL), "content-range", f) == -1)
		return -1;
	/* RFC 9110 §7.8: a 426 MUST carry Upgrade; so does a 101. */
	if ((fl & T_UPGRADE) && head_add(h, "Upgrade",
	    o->upgrade ? o->upgrade :
	    (st->code == 101 ? "websocket" : "TLS/1.2, HTTP/1.1"),
	    "upgrade", f) == -1)
		return -1;
	/* RFC 9110 §8.8: validators describe a selected representation. */
	if ((fl & T_VALIDATORS) && o->etag[0] != '\0' &&
	    head_add(h, "ETag", store_n(sto, o->etag, strlen(o->etag)),
	    "etag", f) == -1)
		return -1;
	if ((fl & T_VALIDATORS) && o->last_modified != NULL &&
	    head_add(h, "Last-Modified", o->last_modified, "last-modified",
	    f) == -1)
		return -1;
	return 0;
}

void
plan_fail(struct plan *p, const struct fail *f)
{
	const struct status *st = status_find(f->code);

	plan_reset(p);
	p->final.code = f->code;
	p->final.reason = st != NULL ? st->phrase : "Error";
	p->final.h[0].name = "Access-Control-Allow-Origin";
	p->final.h[0].value = "*";
	p->final.h[0].param = NULL;
	p->final.n = 1;
	p->content_type = fmt_type(FMT_TEXT);
	buf_printf(&p->body, "statuscgi: %s\n", f->msg);
}

void
plan_busy(struct plan *p, const char *why, unsigned long retry_s)
{
	struct fail	 f;
	const char	*v;

	fail_set(&f, 503, "%s", why);
	plan_fail(p, &f);
	/* RFC 9110 §10.2.3: when the client may try again. */
	if ((v = store_printf(&p->store, "%lu", retry_s)) != NULL) {
		p->final.h[p->final.n].name = "Retry-After";
		p->final.h[p->final.n].value = v;
		p->final.h[p->final.n].param = NULL;
		p->final.n++;
	}
}

/*
 * Sets f to the 501 for a 1xx the way to the client cannot carry: a web
 * server that parses a CGI/FastCGI program's headers sends a 1xx as a
 * broken final answer (nginx, Apache), and only NPH can switch protocols.
 * Returns -1.
 */
static int
cannot_relay(const struct request *r, unsigned code, struct fail *f)
{
	char	 q[48];

	fail_quote(q, sizeof(q), r->server != NULL ? r->server : "this server");
	if (code == 101)
		return fail_set(f, 501, "%s cannot switch protocols for a CGI "
		    "or FastCGI program: ask nph-status.cgi under Apache "
		    "mod_cgi/mod_cgid", q);
	return fail_set(f, 501, "%s cannot pass a 1xx interim response from a "
	    "CGI or FastCGI program: ask nph-status.cgi under Apache "
	    "mod_cgi/mod_cgid, or use lighttpd", q);
}

/* Plans the final answer a. Returns 0, or -1 with f set. */
static int
plan_final(struct plan *p, const struct request *r, const struct opts *o,
    const struct answer *a, struct fail *f)
{
	struct head	*h = &p->final;
	struct status	 st;
	const char	*body = a->asked ? o->body : NULL;
	size_t		 i;
	enum fmt	 fmt;

	status_get(a->code, &st);
	h->code = a->code;
	h->reason = a->reason != NULL ? a->reason : st.phrase;
	if (status_headers(&p->store, h, &st, o, a, f) == -1 ||
	    policy_links(h, r, p->has_interim && p->interim.code == 103,
	    f) == -1)
		return -1;
	/* lighttpd turns a 200 into 206/416 on a Range: unless told not to.
	 * size= makes a resource that answers ranges itself (§14.3). */
	if ((a->sized || a->code == 200) && head_add(h, "Accept-Ranges",
	    a->sized ? "bytes" : "none", NULL, f) == -1)
		return -1;
	/* nginx buffers a FastCGI answer (to disk, when large) unless the
	 * program says not to: a large or dripping content goes as made. */
	if ((a->sized || p->drip_ms > 0) &&
	    head_add(h, "X-Accel-Buffering", "no", NULL, f) == -1)
		return -1;
	/* RFC 9111 §5.2; a 304 carries what its 200 would (RFC 9110
	 * §15.4.5), the refusals a request caused do not. */
	if (o->cache_control != NULL && (a->asked || a->code == 304) &&
	    head_add(h, "Cache-Control", o->cache_control, "cache-control",
	    f) == -1)
		return -1;

	fmt = o->have_fmt ? o->fmt : fmt_negotiate(r->accept);
	if ((decide_varies(&st, o, a->asked) || a->vary) &&
	    head_add(h, "Vary", "Accept", NULL, f) == -1)
		return -1;
	if (!(st.flags & T_NO_BODY) && !(st.flags & T_RANGE) &&
	    body != NULL) {
		/* The caller's content runs in a sandbox: no script, no
		 * sniffing. */
		if (head_add(h, "Content-Security-Policy", "sandbox", NULL,
		    f) == -1 || head_add(h, "X-Content-Type-Options",
		    "nosniff", NULL, f) == -1)
			return -1;
	}
	if (!(st.flags & T_NO_BODY) && !(st.flags & T_RANGE) &&
	    body == NULL && !a->sized && fmt == FMT_HTML &&
	    head_add(h, "Content-Security-Policy", policy_csp_page, NULL,
	    f) == -1)
		return -1;
	for (i = 0; i < r->params.n; i++)
		if (strcmp(r->params.v[i].name, "header") == 0 &&
		    r->params.v[i].value[0] != '\0' &&
		    policy_extra_header(&p->store, h, r->params.v[i].value,
		    f) == -1)
			return -1;
	if (policy_cors(&p->store, h, f) == -1)
		return -1;

	/* RFC 9110 §6.4.1: no content in 1xx, 204, 205, 304. */
	if (st.flags & T_NO_BODY) {
		p->zero_length = (st.flags & T_ZERO_LENGTH) != 0;
		return head_check_size(h, NULL, f);
	}
	if (a->sized) {
		p->content_type = sized_content(&p->content, &p->body, o,
		    a->ranges, f);
		if (p->content_type == NULL)
			return -1;
	} else if (st.flags & T_RANGE) {
		p->content_type = "text/plain; charset=utf-8";
		sized_partial(&p->content, o);
	} else if (body != NULL) {
		p->content_type = o->content_type ? o->content_type :
		    "text/plain; charset=utf-8";
		buf_puts(&p->body, body);
	} else {
		p->content_type = fmt_type(fmt);
		body_status(&p->body, fmt, h, &st,
		    p->has_interim ? &p->interim : NULL, a->why, o->script);
	}
	if (buf_failed(&p->body))
		return fail_set(f, 500, "the response body is too large");
	return head_check_size(h, p->content_type, f);
}

/* Plans a 1xx sent before the final answer. Returns 0 or -1. */
static int
plan_interim(struct plan *p, const struct request *r, const struct opts *o,
    unsigned code, struct fail *f)
{
	struct status	 st;
	struct answer	 a;

	memset(&a, 0, sizeof(a));
	status_get(code, &st);
	p->has_interim = 1;
	p->interim.code = code;
	p->interim.reason = o->reason != NULL ? o->reason : st.phrase;
	if (status_headers(&p->store, &p->interim, &st, o, &a, f) == -1 ||
	    policy_links(&p->interim, r, code == 103, f) == -1)
		return -1;
	return head_check_size(&p->interim, NULL, f);
}

/*
 * Plans the answer asked for, code, after the request had its say.
 * Returns 0, or -1 with f set.
 */
static int
plan_code(struct plan *p, const struct request *r, const struct opts *o,
    unsigned code, unsigned relay, struct fail *f)
{
	struct answer	 a;
	struct ranges	 ranges;
	char		 loc[LOCATION_MAX + 1];
	unsigned	 fin = (code < 200 && code != 101) ? o->then : code;

	if (decide_request(&p->store, r, o, fin, &a))
		return plan_final(p, r, o, &a, f);
	if (code < 200 &&
	    !(relay & (code == 101 ? RELAY_SWITCH : RELAY_INTERIM)))
		return cannot_relay(r, code, f);
	a.code = code;
	a.asked = 1;
	if (code == 101) {
		/* RFC 9110 §15.2.2: after 101 the connection speaks another
		 * protocol; no final HTTP answer follows. */
		a.reason = o->reason;
		p->ends_exchange = 1;
		return plan_final(p, r, o, &a, f);
	}
	if (code < 200) {
		/* RFC 9110 §15.2: no 1xx to an HTTP/1.0 client. */
		if ((r->protocol == NULL ||
		    strcmp(r->protocol, "HTTP/1.0") != 0) &&
		    plan_interim(p, r, o, code, f) == -1)
			return -1;
		a.code = o->then;
		return plan_final(p, r, o, &a, f);
	}
	a.reason = o->reason;
	if (o->have_size && sized_code(code))
		a.sized = 1;
	if (decide_range(&p->store, r, o, &a, &ranges, f) == -1)
		return -1;
	if (o->redirects > 0) {
		/* One answer of a chain: the next hop, or after the last
		 * one, where the chain leads. */
		if (o->hop + 1 < o->redirects) {
			if (chain_location(loc, sizeof(loc), r, o->script,
			    o->hop, code) == -1)
				return fail_set(f, 400, "parameter redirects "
				    "makes the Location longer than %d bytes",
				    LOCATION_MAX);
			a.location = store_n(&p->store, loc, strlen(loc));
		}
		a.why = store_printf(&p->store, "answer %u of a chain of %u "
		    "redirects", o->hop + 1, o->redirects);
	}
	return plan_final(p, r, o, &a, f);
}

/* Plans the index of every code. Returns 0 or -1. */
static int
plan_index(struct plan *p, const struct request *r, const struct opts *o,
    struct fail *f)
{
	enum fmt fmt = o->have_fmt ? o->fmt : fmt_negotiate(r->accept);

	p->final.code = 200;
	p->final.reason = "OK";
	if (head_add(&p->final, "Accept-Ranges", "none", NULL, f) == -1 ||
	    (!o->have_fmt && head_add(&p->final, "Vary", "Accept", NULL,
	    f) == -1) || (fmt == FMT_HTML && head_add(&p->final,
	    "Content-Security-Policy", policy_csp_index, NULL, f) == -1) ||
	    policy_cors(&p->store, &p->final, f) == -1)
		return -1;
	p->content_type = fmt_type(fmt);
	if (page_index(&p->body, fmt, o->script) == -1)
		return fail_set(f, 500, "the index is too large");
	return 0;
}

/* The headers of an asset: it changes only with the program. */
static const struct header asset_headers[] = {
	{ "Cache-Control", "max-age=3600", NULL },
	{ "X-Content-Type-Options", "nosniff", NULL },
	{ "Accept-Ranges", "none", NULL },
};

/* Plans the answer carrying an asset of the HTML pages. 0 or -1. */
static int
plan_asset(struct plan *p, const struct asset *a, struct fail *f)
{
	p->final.code = 200;
	p->final.reason = "OK";
	if (head_add_all(&p->final, asset_headers, NITEMS(asset_headers),
	    f) == -1 || policy_cors(&p->store, &p->final, f) == -1)
		return -1;
	p->content_type = a->type;
	if (buf_append(&p->body, a->data, a->len) == -1)
		return fail_set(f, 500, "out of memory");
	return 0;
}

/*
 * Plans the answer to a CORS preflight (Fetch §3.2.2): 204, any origin,
 * the method and headers asked about (when they are tokens). 0 or -1.
 */
static int
plan_preflight(struct plan *p, const struct request *r, struct fail *f)
{
	p->final.code = 204;
	p->final.reason = "No Content";
	if (head_add(&p->final, "Access-Control-Allow-Origin", "*", NULL,
	    f) == -1 || head_add(&p->final, "Access-Control-Allow-Methods",
	    check_token(r->acr_method, strlen(r->acr_method)) ?
	    r->acr_method : "GET, HEAD, POST", NULL, f) == -1)
		return -1;
	if (r->acr_headers != NULL && strlen(r->acr_headers) < 1024 &&
	    check_token_list(r->acr_headers, 0) &&
	    head_add(&p->final, "Access-Control-Allow-Headers",
	    r->acr_headers, NULL, f) == -1)
		return -1;
	return head_add(&p->final, "Access-Control-Max-Age", "600", NULL, f);
}

void
plan_response(struct plan *p, const struct request *r,
    const struct config *c, uint64_t entropy, unsigned relay)
{
	struct opts	 o;
	struct fail	 f;
	const char	*v;
	char		 q[48];
	unsigned	 code;
	int		 rc;

	plan_reset(p);
	/* A preflight asks whether the real request may be sent; it must
	 * succeed whatever that request's parameters say. */
	if (strcmp(r->method, "OPTIONS") == 0 && r->acr_method != NULL) {
		if (plan_preflight(p, r, &f) == -1)
			plan_fail(p, &f);
		return;
	}
	if (opts_read(&o, r, c, &f) == -1) {
		plan_fail(p, &f);
		return;
	}
	p->sleep_ms = o.sleep_ms;
	p->drip_ms = o.drip_ms;
	if ((v = params_get(&r->params, "asset")) != NULL) {
		const struct asset *a = asset_find(v);

		p->sleep_ms = 0;
		p->drip_ms = 0;
		rc = a != NULL ? plan_asset(p, a, &f) : fail_set(&f, 404,
		    "there is no asset \"%s\"", fail_quote(q, sizeof(q), v));
	} else if (!o.have_code)
		rc = plan_index(p, r, &o, &f);
	else {
		code = codes_pick(&o.codes, o.have_seed ? o.seed : entropy);
		rc = plan_code(p, r, &o, code, relay, &f);
	}
	if (rc == -1)
		plan_fail(p, &f);
}
