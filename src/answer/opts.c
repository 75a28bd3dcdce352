/* SPDX-License-Identifier: ISC */
/*
 * opts.c - reading and checking a request's parameters, from one table
 * of them, and the settings. Pure functions, run by whichever process or
 * thread serves a request: a CGI process, or a FastCGI worker process's
 * loop thread. config_read() also runs in a FastCGI worker's main thread,
 * once, as it starts (fcgi_run()).
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "answer/chain.h"
#include "http/check.h"
#include "http/cond.h"
#include "nitems.h"
#include "num.h"
#include "answer/opts.h"
#include "answer/policy.h"

#define RANGE_MAX	(1024 * 1024)	/* largest 206 body */

void
config_read(struct config *c, const struct input *in,
    const struct config *base)
{
	const char	*s;
	unsigned long long v;

	if (base != NULL)
		*c = *base;
	else {
		c->max_sleep_ms = SLEEP_MAX_MS;
		c->max_size = SIZE_MAX_BYTES;
		c->redirect_hosts = NULL;
	}
	s = in->get(in->ctx, "STATUSCGI_MAX_SLEEP_MS");
	if (s != NULL && num_parse(s, 10, 9, &v) == 0)
		c->max_sleep_ms = (unsigned long)v;
	s = in->get(in->ctx, "STATUSCGI_MAX_SIZE");
	if (s != NULL && num_parse(s, 10, 10, &v) == 0 && v <= SIZE_MAX_BYTES)
		c->max_size = v;
	if ((s = in->get(in->ctx, "STATUSCGI_REDIRECT_HOSTS")) != NULL)
		c->redirect_hosts = s;
}

int
field_param(const char *name, const char *v, struct fail *f)
{
	if (!check_text(v))
		return fail_set(f, 400, "%s must be printable ASCII: no CR, LF, "
		    "NUL or other control characters", name);
	if (strlen(v) > FIELD_MAX)
		return fail_set(f, 400, "%s is too long", name);
	return 0;
}

/*
 * Parses "bytes first-last/length" (or "bytes first-last/ *"), the
 * Content-Range of a 206 (RFC 9110 §14.4). Returns 0, or -1 with f set.
 */
static int
parse_range(struct opts *o, const char *v, struct fail *f)
{
	char	 a[24], b[24], c[24];
	int	 n = 0;
	unsigned long long len = 0;

	if (sscanf(v, "bytes %20[0-9]-%20[0-9]/%20[0-9*]%n", a, b, c, &n) != 3
	    || v[n] != '\0' || num_parse(a, 10, 15, &o->range_first) == -1 ||
	    num_parse(b, 10, 15, &o->range_last) == -1 ||
	    (strcmp(c, "*") != 0 && num_parse(c, 10, 15, &len) == -1))
		return fail_set(f, 400, "content-range must look like "
		    "\"bytes 0-99/1000\"");
	o->range_len_known = strcmp(c, "*") != 0;
	o->range_len = len;
	if (o->range_last < o->range_first ||
	    (o->range_len_known && o->range_last >= len))
		return fail_set(f, 400, "content-range is not satisfiable: "
		    "need first <= last < length");
	if (o->range_last - o->range_first >= RANGE_MAX)
		return fail_set(f, 400, "content-range spans more than %d "
		    "bytes", RANGE_MAX);
	o->have_range = 1;
	return 0;
}

/* Returns 1 if code is a redirection proper (RFC 9110 §15.4.2-9). */
static int
redirect_code(unsigned code)
{
	return code == 301 || code == 302 || code == 303 || code == 307 ||
	    code == 308;
}

/* Returns 1 if SCRIPT_NAME can be used in links and Location. */
static int
safe_script(const char *s)
{
	return s != NULL && s[0] == '/' && s[1] != '/' && check_text(s) &&
	    strpbrk(s, " \"'<>\\`") == NULL && strlen(s) < 512;
}

struct field;

/* What every reader of a parameter reads and writes. */
struct reading {
	const struct field	*e;	/* the parameter read */
	struct opts		*o;
	const struct request	*r;
	const struct config	*c;
	struct fail		*f;
};

/* Checks the value v of parameter g->e and sets in g->o what it means
 * (opts_read() keeps v itself where the table says). Returns 0, or -1
 * with g->f set. */
typedef int	reader(const char *v, const struct reading *g);

/*
 * One parameter: its name, its reader (NULL: any value will do) and keep,
 * the const char * member of struct opts that keeps the value once read
 * (NOKEEP: none). For read_field(), valid is the check a value must pass
 * and refusal what a 400 says when it does not.
 */
struct field {
	const char	*name;
	reader		*read;
	int		(*valid)(const char *v);
	const char	*refusal;
	size_t		 keep;
};

#define NOKEEP	((size_t)-1)

/*
 * A header field given as a parameter: printable, bounded (field_param),
 * then g->e->valid.
 */
static int
read_field(const char *v, const struct reading *g)
{
	if (field_param(g->e->name, v, g->f) == -1)
		return -1;
	if (!g->e->valid(v))
		return fail_set(g->f, 400, "%s", g->e->refusal);
	return 0;
}

/* The readers of the table below: each returns 0, or -1 with g->f set,
 * as reader says. */

/*
 * Parses v, a whole number of at most digits digits, into *n. Returns 0,
 * or -1 with g->f set to a 400: the parameter must be a whole number
 * what ("of bytes").
 */
static int
whole(const char *v, const struct reading *g, size_t digits,
    const char *what, unsigned long long *n)
{
	if (num_parse(v, 10, digits, n) == -1)
		return fail_set(g->f, 400, "%s must be a whole number %s",
		    g->e->name, what);
	return 0;
}

/*
 * Returns 0 if n is within cap, or -1 with g->f set to a 400 naming the
 * cap in unit and the setting that makes it ("ms (STATUSCGI_...)").
 */
static int
capped(const struct reading *g, unsigned long long n,
    unsigned long long cap, const char *unit)
{
	if (n > cap)
		return fail_set(g->f, 400, "%s=%llu is over the cap of %llu %s",
		    g->e->name, n, cap, unit);
	return 0;
}

/* Reads milliseconds, up to STATUSCGI_MAX_SLEEP_MS, into *ms. 0 or -1. */
static int
read_ms(const char *v, const struct reading *g, unsigned long *ms)
{
	unsigned long long n;

	if (whole(v, g, 9, "of milliseconds", &n) == -1 ||
	    capped(g, n, g->c->max_sleep_ms,
	    "ms (STATUSCGI_MAX_SLEEP_MS)") == -1)
		return -1;
	*ms = (unsigned long)n;
	return 0;
}

static int
read_sleep(const char *v, const struct reading *g)
{
	return read_ms(v, g, &g->o->sleep_ms);
}

static int
read_drip(const char *v, const struct reading *g)
{
	return read_ms(v, g, &g->o->drip_ms);
}

static int
read_seed(const char *v, const struct reading *g)
{
	unsigned long long n;

	if (whole(v, g, 19, "of at most 19 digits", &n) == -1)
		return -1;
	g->o->seed = n;
	g->o->have_seed = 1;
	return 0;
}

static int
read_then(const char *v, const struct reading *g)
{
	if ((g->o->then = code_parse(v, strlen(v), " (then)", g->f)) == 0)
		return -1;
	if (g->o->then < 200)
		return fail_set(g->f, 400, "then must be a final code, 200 to "
		    "599");
	return 0;
}

static int
read_reason(const char *v, const struct reading *g)
{
	if (!check_text(v))
		return fail_set(g->f, 400, "reason must be printable ASCII and "
		    "spaces");
	if (strlen(v) > REASON_MAX)
		return fail_set(g->f, 400, "reason is longer than %d "
		    "characters", REASON_MAX);
	return 0;
}

static int
read_location(const char *v, const struct reading *g)
{
	return check_location(v, g->r->host, g->c->redirect_hosts, g->f);
}

/* A 416's "bytes * /1000" (no space), or a 206's "bytes 0-99/1000". */
static int
read_content_range(const char *v, const struct reading *g)
{
	if (field_param(g->e->name, v, g->f) == -1)
		return -1;
	if (strncmp(v, "bytes */", 8) != 0)
		return parse_range(g->o, v, g->f);
	if (num_parse(v + 8, 10, 15, &g->o->unsat_len) == -1)
		return fail_set(g->f, 400, "content-range must look like "
		    "\"bytes */1000\"");
	return 0;
}

static int
read_etag(const char *v, const struct reading *g)
{
	if (!check_etag(v, g->o->etag, sizeof(g->o->etag)))
		return fail_set(g->f, 400, "etag must be an entity-tag, like "
		    "\"xyz\" or W/\"xyz\" (RFC 9110 section 8.8.3)");
	return 0;
}

static int
read_last_modified(const char *v, const struct reading *g)
{
	if (!check_http_date(v) ||
	    http_date_parse(v, g->r->now, 1, &g->o->lm_time) == -1)
		return fail_set(g->f, 400, "last-modified must be an HTTP "
		    "date, like \"Sun, 06 Nov 1994 08:49:37 GMT\"");
	return 0;
}

static int
read_auth(const char *v, const struct reading *g)
{
	return auth_parse(&g->o->auth, v, g->f);
}

/* redirects=N: a chain of N answers of a redirect code. */
static int
read_redirects(const char *v, const struct reading *g)
{
	struct opts	*o = g->o;
	unsigned long long n;
	unsigned	 c;
	const char	*name;
	char		 q[48];

	if (num_parse(v, 10, 2, &n) == -1 || n < 1 || n > REDIRECTS_MAX)
		return fail_set(g->f, 400, "redirects must be a number from 1 "
		    "to %d", REDIRECTS_MAX);
	if (!o->have_code)
		return fail_set(g->f, 400, "redirects needs a redirect code: "
		    "301, 302, 303, 307 or 308");
	for (c = o->codes.lo; c <= o->codes.hi; c++)
		if (o->codes.weight[c] != 0 && !redirect_code(c))
			return fail_set(g->f, 400, "redirects needs a redirect "
			    "code: 301, 302, 303, 307 or 308, not %u", c);
	o->redirects = (unsigned)n;
	if (n > 1 && !chain_carries(g->r, &name))
		return fail_set(g->f, 400, "redirects cannot carry parameter "
		    "%s along the chain: it holds control characters or a "
		    "backslash", fail_quote(q, sizeof(q), name));
	return 0;
}

static int
read_hop(const char *v, const struct reading *g)
{
	unsigned long long n;

	if (num_parse(v, 10, 2, &n) == -1 || g->o->redirects == 0 ||
	    n >= g->o->redirects)
		return fail_set(g->f, 400, "hop counts the answers of a "
		    "redirects= chain already given: 0 to redirects-1");
	g->o->hop = (unsigned)n;
	return 0;
}

static int
read_type(const char *v, const struct reading *g)
{
	char	 q[48];

	if (strcmp(v, "text") == 0)
		g->o->fmt = FMT_TEXT;
	else if (strcmp(v, "html") == 0)
		g->o->fmt = FMT_HTML;
	else if (strcmp(v, "json") == 0)
		g->o->fmt = FMT_JSON;
	else
		return fail_set(g->f, 400, "type must be text, html or json, "
		    "not \"%s\"", fail_quote(q, sizeof(q), v));
	g->o->have_fmt = 1;
	return 0;
}

static int
read_content_type(const char *v, const struct reading *g)
{
	if (strlen(v) > 200 || !check_media_type(v))
		return fail_set(g->f, 400, "content-type must be a media type, "
		    "like \"application/json\" or \"text/plain; "
		    "charset=utf-8\"");
	if (g->o->body == NULL && params_get(&g->r->params, "size") == NULL)
		return fail_set(g->f, 400, "content-type needs body or size: "
		    "it is the type of that content");
	return 0;
}

static int
read_size(const char *v, const struct reading *g)
{
	struct opts	*o = g->o;

	if (whole(v, g, 10, "of bytes", &o->size) == -1 ||
	    capped(g, o->size, g->c->max_size,
	    "bytes (STATUSCGI_MAX_SIZE)") == -1)
		return -1;
	if (o->body != NULL)
		return fail_set(g->f, 400, "size and body both give the "
		    "content: give one");
	o->have_size = 1;
	return 0;
}

/* link=: a Link value (RFC 8288 §3), "<uri>; params". */
static int
read_link(const char *v, const struct reading *g)
{
	if (field_param(g->e->name, v, g->f) == -1)
		return -1;
	if (v[0] != '<' || strchr(v, '>') == NULL)
		return fail_set(g->f, 400, "link must look like "
		    "\"</style.css>; rel=preload; as=style\"");
	return 0;
}

/* header=: "Name: value", a name the header policy allows. */
static int
read_header(const char *v, const struct reading *g)
{
	return policy_header_param(v, g->f);
}

static int
method_list(const char *v)
{
	return check_token_list(v, 0);
}

static int
protocol_list(const char *v)
{
	return check_token_list(v, 1);
}

/* Retry-After: delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
static int
retry_after(const char *v)
{
	unsigned long long n;

	return num_parse(v, 10, 10, &n) == 0 || check_http_date(v);
}

#define FIELD(name, member, valid, refusal) \
	{ name, read_field, valid, refusal, offsetof(struct opts, member) }
#define KEEP(name, read, member) \
	{ name, read, NULL, NULL, offsetof(struct opts, member) }
#define READ(name, read) \
	{ name, read, NULL, NULL, NOKEEP }

/*
 * Every parameter but the code, in the order they are checked: the first
 * refusal is the one a request gets. Some readers look at what those
 * before them set (redirects= at the code, hop= at redirects=, size= at
 * body=). The last value given counts.
 */
static const struct field fields[] = {
	READ("seed", read_seed),
	READ("then", read_then),
	KEEP("reason", read_reason, reason),
	KEEP("location", read_location, location),
	FIELD("www-authenticate", www_auth, check_challenge,
	    "www-authenticate must start with an auth scheme, like Bearer"),
	FIELD("proxy-authenticate", proxy_auth, check_challenge,
	    "proxy-authenticate must start with an auth scheme, like Basic"),
	FIELD("allow", allow, method_list,
	    "allow must be a list of methods, like \"GET, HEAD\""),
	FIELD("retry-after", retry_after, retry_after,
	    "retry-after must be seconds or an HTTP date (RFC 9110 section "
	    "10.2.3)"),
	READ("content-range", read_content_range),
	FIELD("upgrade", upgrade, protocol_list,
	    "upgrade must be a list of protocols, like \"websocket\" or "
	    "\"TLS/1.2\""),
	READ("etag", read_etag),
	KEEP("last-modified", read_last_modified, last_modified),
	/* Those that make the answer depend on the request. */
	FIELD("methods", methods, method_list,
	    "methods must be a list of methods, like \"GET,HEAD\""),
	READ("auth", read_auth),
	FIELD("cache-control", cache_control, check_cache_control,
	    "cache-control must be a list of directives, like \"max-age=60, "
	    "public\" (RFC 9111 section 5.2)"),
	READ("redirects", read_redirects),
	READ("hop", read_hop),
	/* The content. */
	READ("type", read_type),
	KEEP("body", NULL, body),
	KEEP("content-type", read_content_type, content_type),
	READ("sleep", read_sleep),
	READ("drip", read_drip),
	READ("size", read_size),
};

/* The repeatable ones, checked after those: every value counts. */
static const struct field repeated[] = {
	READ("link", read_link),
	READ("header", read_header),
};

/*
 * Reads each non-empty value of the repeatable parameter g->e in turn.
 * Returns 0, or -1 with g->f set by the first refused.
 */
static int
read_each(const struct reading *g)
{
	const struct params *ps = &g->r->params;
	size_t		 i;

	for (i = 0; i < ps->n; i++)
		if (ps->v[i].value[0] != '\0' &&
		    strcmp(ps->v[i].name, g->e->name) == 0 &&
		    g->e->read(ps->v[i].value, g) == -1)
			return -1;
	return 0;
}

int
opts_read(struct opts *o, const struct request *r, const struct config *c,
    struct fail *f)
{
	const struct params *ps = &r->params;
	struct reading	 g = { NULL, o, r, c, f };
	const char	*v, *code = NULL, *where = "";
	size_t		 i;

	memset(o, 0, sizeof(*o));
	o->script = safe_script(r->script_name) ? r->script_name : NULL;

	/* The path counts first; a query or form "code" overrides it. */
	if (r->path_code != NULL) {
		code = r->path_code;
		where = " (in the path)";
	}
	for (i = 0; i < ps->n; i++) {
		if (!ps->v[i].has_eq && !ps->v[i].from_body &&
		    ps->v[i].name[0] >= '0' && ps->v[i].name[0] <= '9') {
			code = ps->v[i].name;	/* "status.cgi?404" */
			where = "";
		} else if (strcmp(ps->v[i].name, "code") == 0 &&
		    ps->v[i].value[0] != '\0') {
			code = ps->v[i].value;
			where = "";
		}
	}
	if (code != NULL) {
		if (codes_parse(&o->codes, code, where, f) == -1)
			return -1;
		o->have_code = 1;
	}

	o->then = 200;
	for (g.e = fields; g.e < fields + NITEMS(fields); g.e++) {
		if ((v = params_get(ps, g.e->name)) == NULL)
			continue;
		if (g.e->read != NULL && g.e->read(v, &g) == -1)
			return -1;
		if (g.e->keep != NOKEEP)
			*(const char **)(void *)((char *)o + g.e->keep) = v;
	}
	for (g.e = repeated; g.e < repeated + NITEMS(repeated); g.e++)
		if (read_each(&g) == -1)
			return -1;
	return 0;
}
