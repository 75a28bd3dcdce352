/*
 * opts.c - reading and checking a request's parameters and settings.
 */
#include <stdio.h>
#include <string.h>

#include "chain.h"
#include "check.h"
#include "cond.h"
#include "num.h"
#include "opts.h"

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

/*
 * Reads the parameters that make the answer depend on the request:
 * methods=, auth=, cache-control=, redirects= and hop=. Returns 0, or -1
 * with f set to a 400.
 */
static int
request_params(struct opts *o, const struct request *r, struct fail *f)
{
	const struct params *ps = &r->params;
	const char	*v;
	unsigned long long n;
	unsigned	 c;
	char		 q[48];

	if ((v = params_get(ps, "methods")) != NULL) {
		if (field_param("methods", v, f) == -1)
			return -1;
		if (!check_token_list(v, 0))
			return fail_set(f, 400, "methods must be a list of "
			    "methods, like \"GET,HEAD\"");
		o->methods = v;
	}
	if ((v = params_get(ps, "auth")) != NULL &&
	    auth_parse(&o->auth, v, f) == -1)
		return -1;
	if ((v = params_get(ps, "cache-control")) != NULL) {
		if (field_param("cache-control", v, f) == -1)
			return -1;
		if (!check_cache_control(v))
			return fail_set(f, 400, "cache-control must be a list "
			    "of directives, like \"max-age=60, public\" "
			    "(RFC 9111 section 5.2)");
		o->cache_control = v;
	}
	if ((v = params_get(ps, "redirects")) != NULL) {
		if (num_parse(v, 10, 2, &n) == -1 || n < 1 || n > REDIRECTS_MAX)
			return fail_set(f, 400, "redirects must be a number "
			    "from 1 to %d", REDIRECTS_MAX);
		if (!o->have_code)
			return fail_set(f, 400, "redirects needs a redirect "
			    "code: 301, 302, 303, 307 or 308");
		for (c = o->codes.lo; c <= o->codes.hi; c++)
			if (o->codes.weight[c] != 0 && !redirect_code(c))
				return fail_set(f, 400, "redirects needs a "
				    "redirect code: 301, 302, 303, 307 or 308, "
				    "not %u", c);
		o->redirects = (unsigned)n;
		if (n > 1 && !chain_carries(r, &v))
			return fail_set(f, 400, "redirects cannot carry "
			    "parameter %s along the chain: it holds control "
			    "characters or a backslash", fail_quote(q, sizeof(q), v));
	}
	if ((v = params_get(ps, "hop")) != NULL) {
		if (num_parse(v, 10, 2, &n) == -1 || o->redirects == 0 ||
		    n >= o->redirects)
			return fail_set(f, 400, "hop counts the answers of a "
			    "redirects= chain already given: 0 to redirects-1");
		o->hop = (unsigned)n;
	}
	return 0;
}

/* Returns 1 if SCRIPT_NAME can be used in links and Location. */
static int
safe_script(const char *s)
{
	return s != NULL && s[0] == '/' && s[1] != '/' && check_text(s) &&
	    strpbrk(s, " \"'<>\\`") == NULL && strlen(s) < 512;
}

int
opts_read(struct opts *o, const struct request *r, const struct config *c,
    struct fail *f)
{
	const struct params *ps = &r->params;
	const char	*v, *code = NULL, *where = "";
	unsigned long long n;
	char		 q[48];
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

	if ((v = params_get(ps, "seed")) != NULL) {
		if (num_parse(v, 10, 19, &n) == -1)
			return fail_set(f, 400, "seed must be a whole number "
			    "of at most 19 digits");
		o->seed = n;
		o->have_seed = 1;
	}
	o->then = 200;
	if ((v = params_get(ps, "then")) != NULL) {
		if ((o->then = code_parse(v, strlen(v), " (then)", f)) == 0)
			return -1;
		if (o->then < 200)
			return fail_set(f, 400, "then must be a final code, "
			    "200 to 599");
	}
	if ((v = params_get(ps, "reason")) != NULL) {
		if (!check_text(v))
			return fail_set(f, 400, "reason must be printable "
			    "ASCII and spaces");
		if (strlen(v) > REASON_MAX)
			return fail_set(f, 400, "reason is longer than %d "
			    "characters", REASON_MAX);
		o->reason = v;
	}
	if ((v = params_get(ps, "location")) != NULL) {
		if (check_location(v, r->host, c->redirect_hosts, f) == -1)
			return -1;
		o->location = v;
	}
	if ((v = params_get(ps, "www-authenticate")) != NULL) {
		if (field_param("www-authenticate", v, f) == -1)
			return -1;
		if (!check_challenge(v))
			return fail_set(f, 400, "www-authenticate must start "
			    "with an auth scheme, like Bearer");
		o->www_auth = v;
	}
	if ((v = params_get(ps, "proxy-authenticate")) != NULL) {
		if (field_param("proxy-authenticate", v, f) == -1)
			return -1;
		if (!check_challenge(v))
			return fail_set(f, 400, "proxy-authenticate must "
			    "start with an auth scheme, like Basic");
		o->proxy_auth = v;
	}
	if ((v = params_get(ps, "allow")) != NULL) {
		if (field_param("allow", v, f) == -1)
			return -1;
		if (!check_token_list(v, 0))
			return fail_set(f, 400, "allow must be a list of "
			    "methods, like \"GET, HEAD\"");
		o->allow = v;
	}
	if ((v = params_get(ps, "retry-after")) != NULL) {
		if (field_param("retry-after", v, f) == -1)
			return -1;
		if (num_parse(v, 10, 10, &n) == -1 && !check_http_date(v))
			return fail_set(f, 400, "retry-after must be seconds "
			    "or an HTTP date (RFC 9110 section 10.2.3)");
		o->retry_after = v;
	}
	if ((v = params_get(ps, "content-range")) != NULL) {
		if (field_param("content-range", v, f) == -1)
			return -1;
		if (strncmp(v, "bytes */", 8) == 0) {
			if (num_parse(v + 8, 10, 15, &o->unsat_len) == -1)
				return fail_set(f, 400, "content-range must "
				    "look like \"bytes */1000\"");
		} else if (parse_range(o, v, f) == -1)
			return -1;
	}
	if ((v = params_get(ps, "upgrade")) != NULL) {
		if (field_param("upgrade", v, f) == -1)
			return -1;
		if (!check_token_list(v, 1))
			return fail_set(f, 400, "upgrade must be a list of "
			    "protocols, like \"websocket\" or \"TLS/1.2\"");
		o->upgrade = v;
	}
	if ((v = params_get(ps, "etag")) != NULL &&
	    !check_etag(v, o->etag, sizeof(o->etag)))
		return fail_set(f, 400, "etag must be an entity-tag, like "
		    "\"xyz\" or W/\"xyz\" (RFC 9110 section 8.8.3)");
	if ((v = params_get(ps, "last-modified")) != NULL) {
		if (!check_http_date(v) ||
		    http_date_parse(v, r->now, 1, &o->lm_time) == -1)
			return fail_set(f, 400, "last-modified must be an "
			    "HTTP date, like \"Sun, 06 Nov 1994 08:49:37 GMT\"");
		o->last_modified = v;
	}
	if (request_params(o, r, f) == -1)
		return -1;
	if ((v = params_get(ps, "type")) != NULL) {
		o->have_fmt = 1;
		if (strcmp(v, "text") == 0)
			o->fmt = FMT_TEXT;
		else if (strcmp(v, "html") == 0)
			o->fmt = FMT_HTML;
		else if (strcmp(v, "json") == 0)
			o->fmt = FMT_JSON;
		else
			return fail_set(f, 400, "type must be text, html or "
			    "json, not \"%s\"", fail_quote(q, sizeof(q), v));
	}
	o->body = params_get(ps, "body");
	if ((v = params_get(ps, "content-type")) != NULL) {
		if (strlen(v) > 200 || !check_media_type(v))
			return fail_set(f, 400, "content-type must be a media "
			    "type, like \"application/json\" or "
			    "\"text/plain; charset=utf-8\"");
		if (o->body == NULL && params_get(ps, "size") == NULL)
			return fail_set(f, 400, "content-type needs body or "
			    "size: it is the type of that content");
		o->content_type = v;
	}
	if ((v = params_get(ps, "sleep")) != NULL) {
		if (num_parse(v, 10, 9, &n) == -1)
			return fail_set(f, 400, "sleep must be a whole number "
			    "of milliseconds");
		if (n > c->max_sleep_ms)
			return fail_set(f, 400, "sleep=%llu is over the cap of "
			    "%lu ms (STATUSCGI_MAX_SLEEP_MS)", n,
			    c->max_sleep_ms);
		o->sleep_ms = (unsigned long)n;
	}
	if ((v = params_get(ps, "drip")) != NULL) {
		if (num_parse(v, 10, 9, &n) == -1)
			return fail_set(f, 400, "drip must be a whole number "
			    "of milliseconds");
		if (n > c->max_sleep_ms)
			return fail_set(f, 400, "drip=%llu is over the cap of "
			    "%lu ms (STATUSCGI_MAX_SLEEP_MS)", n,
			    c->max_sleep_ms);
		o->drip_ms = (unsigned long)n;
	}
	if ((v = params_get(ps, "size")) != NULL) {
		if (num_parse(v, 10, 10, &o->size) == -1)
			return fail_set(f, 400, "size must be a whole number "
			    "of bytes");
		if (o->size > c->max_size)
			return fail_set(f, 400, "size=%llu is over the cap of "
			    "%llu bytes (STATUSCGI_MAX_SIZE)", o->size,
			    c->max_size);
		if (o->body != NULL)
			return fail_set(f, 400, "size and body both give the "
			    "content: give one");
		o->have_size = 1;
	}
	return 0;
}
