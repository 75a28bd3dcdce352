/*
 * plan.c - the pure middle: from the parameters of a request to the
 * status, headers and content of the answer. Nothing here reads the
 * environment, writes output or sleeps; bad input becomes a 4xx plan.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "assets.h"
#include "auth.h"
#include "body.h"
#include "chain.h"
#include "check.h"
#include "cond.h"
#include "plan.h"
#include "range.h"
#include "table.h"

#define RANGE_LENGTH	"bytes 0-99/1000"
#define OCTETS		"application/octet-stream"
/* The pattern is letters and digits: this cannot be in a part (§14.6). */
#define BOUNDARY	"statuscgi_byteranges_boundary"

/*
 * One answer to plan: its code and what decided it. The answer asked for
 * carries body= and cache-control=; one the request decided (405, 401,
 * 412, 304) says why in its generated body and carries the header that
 * explains it instead of the usual default.
 */
struct answer {
	unsigned	 code;
	const char	*reason;	/* NULL: the registered phrase */
	const char	*why;		/* said in the body, or NULL */
	int		 asked;		/* the answer asked for */
	const char	*location;	/* Location instead of the default */
	const char	*challenge;	/* WWW-Authenticate of a decided 401 */
	const char	*allow;		/* Allow of a decided 405 */
	int		 vary;		/* Vary: Accept, as its 2xx would */
	int		 sized;		/* its content is size= bytes */
	const struct ranges *ranges;	/* of them, the ranges for a 206 */
	const char	*content_range;	/* Content-Range a Range decided */
};


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

/* ---- header= --------------------------------------------------------- */

/* Headers a caller may not add: framing, hop-by-hop (RFC 9110 §7.6.1). */
static const char *const forbidden[] = {
	"Status", "Content-Length", "Transfer-Encoding", "Connection",
	"Keep-Alive", "TE", "Trailer", "Proxy-Connection", "Upgrade",
};

/* Headers with a parameter of their own, checked by its rules. */
static const char *const own_param[] = {
	"Location", "Content-Type", "Content-Range",
};

/* Headers that make a server act (send a file, redirect internally). */
static const char *const server_action[] = {
	"X-Sendfile", "X-Sendfile2", "X-LIGHTTPD-send-file",
};

static int
in_list(const char *name, size_t n, const char *const *list, size_t count)
{
	size_t	 i;

	for (i = 0; i < count; i++)
		if (strlen(list[i]) == n && strncasecmp(list[i], name, n) == 0)
			return 1;
	return 0;
}

#define NITEMS(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Adds one "Name: value" from header= to h. Returns 0, or -1 with f set
 * to a 400 that names the parameter.
 */
static int
extra_header(struct plan *p, struct head *h, const char *v, struct fail *f)
{
	const char	*colon = strchr(v, ':'), *val, *name;
	size_t		 n, vn;
	char		 q[48];

	if (!check_text(v))
		return fail_set(f, 400, "header must be printable ASCII: no "
		    "CR, LF, NUL or other control characters");
	if (colon == NULL)
		return fail_set(f, 400, "header must look like \"Name: "
		    "value\"");
	n = (size_t)(colon - v);
	if (!check_token(v, n) || n > 64)
		return fail_set(f, 400, "header name \"%s\" is not a token "
		    "(RFC 9110 section 5.1)", fail_quote(q, sizeof(q), v));
	if (in_list(v, n, forbidden, NITEMS(forbidden)))
		return fail_set(f, 400, "header %.*s is framing or hop-by-hop "
		    "and cannot be set", (int)n, v);
	if (in_list(v, n, own_param, NITEMS(own_param))) {
		char lower[16];
		size_t i;

		for (i = 0; i < n && i < sizeof(lower) - 1; i++)
			lower[i] = (char)((v[i] >= 'A' && v[i] <= 'Z') ?
			    v[i] - 'A' + 'a' : v[i]);
		lower[i] = '\0';
		return fail_set(f, 400, "header %.*s has a parameter of its "
		    "own: use %s=", (int)n, v, lower);
	}
	if (in_list(v, n, server_action, NITEMS(server_action)) ||
	    (n >= 8 && strncasecmp(v, "X-Accel-", 8) == 0))
		return fail_set(f, 400, "header %.*s would make the web server "
		    "act on it and cannot be set", (int)n, v);
	for (val = colon + 1; *val == ' '; val++)
		;
	vn = strlen(val);
	while (vn > 0 && val[vn - 1] == ' ')
		vn--;
	name = store_n(&p->store, v, n);
	return head_add(h, name, store_n(&p->store, val, vn), "header", f);
}

/* ---- building the heads ---------------------------------------------- */

/*
 * The default Location: this same program asked for 200, so a client
 * that follows the redirect ends on a 200.
 */
static const char *
default_location(struct plan *p, const struct opts *o)
{
	if (o->script != NULL)
		return store_printf(&p->store, "%s/200", o->script);
	return "?code=200";
}

/*
 * Returns "GET, HEAD" for methods= "GET,HEAD": the list as Allow sends it
 * (RFC 9110 §10.2.1), or NULL if it does not fit p->store.
 */
static const char *
allow_list(struct plan *p, const char *methods)
{
	char	 list[FIELD_MAX + 1];
	size_t	 len = 0, n;

	for (;;) {
		while (*methods == ' ' || *methods == ',')
			methods++;
		if (*methods == '\0')
			break;
		n = strcspn(methods, ", ");
		if (len + n + 3 > sizeof(list))
			return NULL;
		if (len > 0) {
			memcpy(list + len, ", ", 2);
			len += 2;
		}
		memcpy(list + len, methods, n);
		len += n;
		methods += n;
	}
	return store_n(&p->store, list, len);
}

/* Returns 1 if method is one of methods= (case-sensitive: RFC 9110 §9.1). */
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

/* Fills the headers that code needs or was given. Returns 0 or -1. */
static int
status_headers(struct plan *p, struct head *h, const struct status *st,
    const struct opts *o, const struct answer *a, struct fail *f)
{
	unsigned fl = st->flags;

	/* RFC 9110 §10.2.2; §15.3.2 for 201. Never with 200 (Apache 302s). */
	if ((fl & T_LOCATION) || ((fl & T_LOCATION_OPT) && o->location))
		if (head_add(h, "Location", a->location ? a->location :
		    o->location ? o->location : default_location(p, o),
		    a->location ? "redirects" : "location", f) == -1)
			return -1;
	/* RFC 9110 §11.6.1 */
	if ((fl & T_WWW_AUTH) && head_add(h, "WWW-Authenticate", a->challenge ?
	    a->challenge : o->www_auth ? o->www_auth :
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
	    o->allow ? o->allow : o->methods ? allow_list(p, o->methods) :
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
			cr = store_printf(&p->store, "bytes %llu-%llu/%llu", o->range_first,
			    o->range_last, o->range_len);
		else if (o->have_range)
			cr = store_printf(&p->store, "bytes %llu-%llu/*", o->range_first,
			    o->range_last);
		else
			cr = RANGE_LENGTH;
		/* multipart/byteranges: each part says its own (§14.6). */
		if ((cr != NULL || a->content_range == NULL) &&
		    head_add(h, "Content-Range", cr, "content-range", f) == -1)
			return -1;
	}
	/* RFC 9110 §15.5.17: a 416 SHOULD say the current length. */
	if ((fl & T_RANGE_UNSAT) && head_add(h, "Content-Range",
	    store_printf(&p->store, "bytes */%llu", o->unsat_len ? o->unsat_len :
	    o->have_size ? o->size : 1000ULL), "content-range", f) == -1)
		return -1;
	/* RFC 9110 §7.8: a 426 MUST carry Upgrade; so does a 101. */
	if ((fl & T_UPGRADE) && head_add(h, "Upgrade", o->upgrade ? o->upgrade :
	    (st->code == 101 ? "websocket" : "TLS/1.2, HTTP/1.1"),
	    "upgrade", f) == -1)
		return -1;
	/* RFC 9110 §8.8: validators describe a selected representation. */
	if ((fl & T_VALIDATORS) && o->etag[0] != '\0' &&
	    head_add(h, "ETag", store_n(&p->store, o->etag, strlen(o->etag)), "etag",
	    f) == -1)
		return -1;
	if ((fl & T_VALIDATORS) && o->last_modified != NULL &&
	    head_add(h, "Last-Modified", o->last_modified, "last-modified", f) == -1)
		return -1;
	return 0;
}

/*
 * Adds every link= (RFC 8288), or when none is given and deflt is set, a
 * default one (a 103 and the final answer after it: RFC 8297 §2).
 * Returns 0 or -1.
 */
static int
link_headers(struct head *h, const struct request *r, int deflt,
    struct fail *f)
{
	size_t	 i;
	int	 any = 0;

	for (i = 0; i < r->params.n; i++) {
		const char *v = r->params.v[i].value;

		if (strcmp(r->params.v[i].name, "link") != 0 || v[0] == '\0')
			continue;
		if (field_param("link", v, f) == -1)
			return -1;
		if (v[0] != '<' || strchr(v, '>') == NULL)
			return fail_set(f, 400, "link must look like "
			    "\"</style.css>; rel=preload; as=style\"");
		if (head_add(h, "Link", v, "link", f) == -1)
			return -1;
		any = 1;
	}
	if (!any && deflt)
		return head_add(h, "Link", "</statuscgi.css>; rel=preload; as=style",
		    "link", f);
	return 0;
}

/*
 * Names the content of a 206 asked for with code=: bytes first..last
 * (content-range=, or 0-99) of the pattern size= serves. Returns 0, or -1
 * if p's content is full (it is empty here).
 */
static int
partial_content(struct plan *p, const struct opts *o)
{
	unsigned long long first = 0, last = 99;

	if (o->have_range) {
		first = o->range_first;
		last = o->range_last;
	}
	return content_add(&p->content, SEG_PATTERN, first, last - first + 1);
}

/* Content-Security-Policy of our own HTML pages: nothing from elsewhere,
 * no inline script or style (the index loads ?asset=statuscgi.js). */
static const char csp_index[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; "
    "connect-src 'self'; img-src data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'";
static const char csp_page[] =
    "default-src 'none'; style-src 'self'; img-src data:; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/* Response headers a script may read without being told (Fetch §3.2.4:
 * CORS-safelisted response-header names). */
static const char *const safelisted[] = {
	"Cache-Control", "Content-Language", "Content-Length", "Content-Type",
	"Expires", "Last-Modified", "Pragma",
};

/*
 * Adds the CORS headers (Fetch §3.2): any origin may read the answer,
 * and every header it carries besides the safelisted ones. Returns 0, or
 * -1 with f set.
 */
static int
cors(struct plan *p, struct head *h, struct fail *f)
{
	char	 list[HEAD_MAX];
	size_t	 i, j, len = 0, nn;
	int	 dup;

	list[0] = '\0';
	for (i = 0; i < h->n; i++) {
		nn = strlen(h->h[i].name);
		if (in_list(h->h[i].name, nn, safelisted, NITEMS(safelisted)))
			continue;
		for (dup = 0, j = 0; j < i && !dup; j++)
			dup = strcasecmp(h->h[j].name, h->h[i].name) == 0;
		if (dup)
			continue;
		if (len + nn + 3 >= sizeof(list))
			return fail_set(f, 400, "response headers too large");
		if (len > 0) {
			memcpy(list + len, ", ", 2);
			len += 2;
		}
		memcpy(list + len, h->h[i].name, nn + 1);
		len += nn;
	}
	if (head_add(h, "Access-Control-Allow-Origin", "*", NULL, f) == -1)
		return -1;
	if (len > 0 && head_add(h, "Access-Control-Expose-Headers",
	    store_n(&p->store, list, len), NULL, f) == -1)
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

/*
 * Returns 1 if the answer with status st would say Vary: Accept: its body
 * is ours, in the format Accept chose.
 */
static int
varies(const struct status *st, const struct opts *o, int asked)
{
	return !(st->flags & T_NO_BODY) && !(st->flags & T_RANGE) &&
	    !(asked && (o->body != NULL || o->have_size)) && !o->have_fmt;
}

/*
 * Fills p's content with the pattern bytes of a sized answer: the whole
 * of o->size, a's one range, or a's ranges as multipart/byteranges (RFC
 * 9110 §14.6). Returns 0, or -1 with f set.
 */
static int
sized_content(struct plan *p, const struct opts *o, const struct answer *a,
    struct fail *f)
{
	const char	*type = o->content_type ? o->content_type : OCTETS;
	const struct byte_range *b;
	size_t		 i, at;
	int		 rc = 0;

	p->content_type = type;
	if (a->ranges == NULL)
		rc = content_add(&p->content, SEG_PATTERN, 0, o->size);
	else if (a->ranges->n == 1) {
		b = &a->ranges->r[0];
		rc = content_add(&p->content, SEG_PATTERN, b->first,
		    b->last - b->first + 1);
	} else {
		p->content_type = "multipart/byteranges; boundary=" BOUNDARY;
		for (i = 0; i < a->ranges->n && rc == 0; i++) {
			b = &a->ranges->r[i];
			at = p->body.len;
			buf_printf(&p->body, "%s--" BOUNDARY "\r\nContent-Type: "
			    "%s\r\nContent-Range: bytes %llu-%llu/%llu\r\n\r\n",
			    i > 0 ? "\r\n" : "", type, b->first, b->last, o->size);
			rc = content_add(&p->content, SEG_TEXT, at,
			    p->body.len - at) | content_add(&p->content,
			    SEG_PATTERN, b->first, b->last - b->first + 1);
		}
		at = p->body.len;
		buf_puts(&p->body, "\r\n--" BOUNDARY "--\r\n");
		if (rc == 0)
			rc = content_add(&p->content, SEG_TEXT, at,
			    p->body.len - at);
	}
	if (rc != 0 || buf_failed(&p->body))
		return fail_set(f, 500, "the ranges do not fit");
	return 0;
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
	if (status_headers(p, h, &st, o, a, f) == -1 ||
	    link_headers(h, r, p->has_interim && p->interim.code == 103,
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
	if ((varies(&st, o, a->asked) || a->vary) &&
	    head_add(h, "Vary", "Accept", NULL, f) == -1)
		return -1;
	if (!(st.flags & T_NO_BODY) && !(st.flags & T_RANGE) &&
	    body != NULL) {
		/* The caller's content runs in a sandbox: no script, no sniffing. */
		if (head_add(h, "Content-Security-Policy", "sandbox", NULL, f) == -1 ||
		    head_add(h, "X-Content-Type-Options", "nosniff", NULL, f) == -1)
			return -1;
	}
	if (!(st.flags & T_NO_BODY) && !(st.flags & T_RANGE) &&
	    body == NULL && !a->sized && fmt == FMT_HTML &&
	    head_add(h, "Content-Security-Policy", csp_page, NULL, f) == -1)
		return -1;
	for (i = 0; i < r->params.n; i++)
		if (strcmp(r->params.v[i].name, "header") == 0 &&
		    r->params.v[i].value[0] != '\0' &&
		    extra_header(p, h, r->params.v[i].value, f) == -1)
			return -1;
	if (cors(p, h, f) == -1)
		return -1;

	/* RFC 9110 §6.4.1: no content in 1xx, 204, 205, 304. */
	if (st.flags & T_NO_BODY) {
		p->zero_length = (st.flags & T_ZERO_LENGTH) != 0;
		return head_check_size(h, NULL, f);
	}
	if (a->sized) {
		if (sized_content(p, o, a, f) == -1)
			return -1;
	} else if (st.flags & T_RANGE) {
		p->content_type = "text/plain; charset=utf-8";
		partial_content(p, o);
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
	if (status_headers(p, &p->interim, &st, o, &a, f) == -1 ||
	    link_headers(&p->interim, r, code == 103, f) == -1)
		return -1;
	return head_check_size(&p->interim, NULL, f);
}

/*
 * Decides what the request itself makes of the answer, in the order a
 * real server checks (RFC 9110 §13.2.2 puts preconditions after the
 * method and credentials): a method not in methods= is a 405, missing or
 * wrong credentials for auth= a 401, and when the answer would be 2xx
 * and the resource has validators, a false precondition a 412 or 304.
 * fin is the final code asked for. Returns 1 with *a filled when the
 * request decided, or 0 to answer as asked.
 */
static int
decide(struct plan *p, const struct request *r, const struct opts *o,
    unsigned fin, struct answer *a)
{
	struct conditions c;
	enum auth_verdict v;
	const char	*why;
	char		 q[48];
	int		 get_or_head;

	memset(a, 0, sizeof(*a));
	if (o->methods != NULL && !method_listed(o->methods, r->method)) {
		a->code = 405;
		a->allow = allow_list(p, o->methods);
		a->why = store_printf(&p->store, "the method %s is not one of those allowed: %s",
		    fail_quote(q, sizeof(q), r->method), a->allow ?
		    a->allow : "");
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
	if (fin / 100 != 2 || (o->etag[0] == '\0' && o->last_modified == NULL) ||
	    strcmp(r->method, "OPTIONS") == 0 ||
	    strcmp(r->method, "CONNECT") == 0 || strcmp(r->method, "TRACE") == 0)
		return 0;
	c.if_match = r->if_match;
	c.if_none_match = r->if_none_match;
	c.if_modified_since = r->if_modified_since;
	c.if_unmodified_since = r->if_unmodified_since;
	get_or_head = strcmp(r->method, "GET") == 0 || r->head;
	switch (cond_eval(&c, o->etag, o->last_modified != NULL, o->lm_time,
	    get_or_head, r->now, &why)) {
	case COND_NOT_MODIFIED: {
		struct status st;

		status_get(fin, &st);
		a->code = 304;
		a->vary = varies(&st, o, 1);
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

/*
 * Returns 1 if an answer of code carries size= content: one with content
 * that is not about ranges itself (206, 416).
 */
static int
sized_code(unsigned code)
{
	struct status	 st;

	status_get(code, &st);
	return code >= 200 &&
	    !(st.flags & (T_NO_BODY | T_RANGE | T_RANGE_UNSAT));
}

/*
 * Plans the answer to a GET or HEAD with a Range for the size= content
 * that a (a 200) would send: after If-Range (RFC 9110 §13.1.5), a 206 with
 * the ranges, a 416 when none is satisfiable, or a itself when the Range
 * is ignored. Returns 0, or -1 with f set.
 */
static int
plan_range(struct plan *p, const struct request *r, const struct opts *o,
    struct answer *a, struct fail *f)
{
	struct ranges	 ranges;
	char		 why[160];
	const struct byte_range *b;

	/* §13.1.5: a false If-Range means the whole representation. */
	if (r->if_range != NULL && !if_range_holds(r->if_range, o->etag,
	    o->last_modified != NULL, o->lm_time, r->now))
		return plan_final(p, r, o, a, f);
	switch (range_eval(r->range, o->size, &ranges, why, sizeof(why))) {
	case RANGE_PARTIAL:
		a->code = 206;
		a->reason = NULL;
		a->ranges = &ranges;
		b = &ranges.r[0];
		a->content_range = ranges.n > 1 ? "" : store_printf(&p->store,
		    "bytes %llu-%llu/%llu", b->first, b->last, o->size);
		if (a->content_range == NULL)
			return fail_set(f, 400, "response headers too large");
		return plan_final(p, r, o, a, f);
	case RANGE_UNSATISFIABLE:
		/* §15.5.17: Content-Range gives the current length. */
		a->code = 416;
		a->reason = NULL;
		a->asked = 0;
		a->sized = 0;
		a->why = store_n(&p->store, why, strlen(why));
		return plan_final(p, r, o, a, f);
	default:
		return plan_final(p, r, o, a, f);
	}
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
	char		 loc[LOCATION_MAX + 1];
	unsigned	 fin = (code < 200 && code != 101) ? o->then : code;

	if (decide(p, r, o, fin, &a))
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
	if (a.sized && code == 200 && r->range != NULL &&
	    (strcmp(r->method, "GET") == 0 || r->head))
		return plan_range(p, r, o, &a, f);
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
		a.why = store_printf(&p->store, "answer %u of a chain of %u redirects",
		    o->hop + 1, o->redirects);
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
	    (!o->have_fmt && head_add(&p->final, "Vary", "Accept", NULL, f) == -1) ||
	    (fmt == FMT_HTML && head_add(&p->final, "Content-Security-Policy",
	    csp_index, NULL, f) == -1) || cors(p, &p->final, f) == -1)
		return -1;
	p->content_type = fmt_type(fmt);
	if (body_index(&p->body, fmt, o->script) == -1)
		return fail_set(f, 500, "the index is too large");
	return 0;
}

/* Plans the answer carrying an asset of the HTML pages. 0 or -1. */
static int
plan_asset(struct plan *p, const struct asset *a, struct fail *f)
{
	p->final.code = 200;
	p->final.reason = "OK";
	if (head_add(&p->final, "Cache-Control", "max-age=3600", NULL, f) == -1 ||
	    head_add(&p->final, "X-Content-Type-Options", "nosniff", NULL, f) == -1 ||
	    head_add(&p->final, "Accept-Ranges", "none", NULL, f) == -1 ||
	    cors(p, &p->final, f) == -1)
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
	if (head_add(&p->final, "Access-Control-Allow-Origin", "*", NULL, f) == -1 ||
	    head_add(&p->final, "Access-Control-Allow-Methods",
	    check_token(r->acr_method, strlen(r->acr_method)) ?
	    r->acr_method : "GET, HEAD, POST", NULL, f) == -1)
		return -1;
	if (r->acr_headers != NULL && strlen(r->acr_headers) < 1024 &&
	    check_token_list(r->acr_headers, 0) &&
	    head_add(&p->final, "Access-Control-Allow-Headers", r->acr_headers,
	    NULL, f) == -1)
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
