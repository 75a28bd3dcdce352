/* SPDX-License-Identifier: ISC */
/*
 * policy.c - the header policy: which names header= may not set
 * (framing, hop-by-hop, those with a parameter of their own, those that
 * make a web server act), the CORS and CSP headers of every answer, and
 * the defaults of Link, Location and Allow. Pure functions, run by
 * whichever process or thread serves a request: a CGI process, or a
 * FastCGI worker process's loop thread.
 */
#include <string.h>
#include <strings.h>

#include "http/check.h"
#include "nitems.h"
#include "answer/policy.h"

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

/* Response headers a script may read without being told (Fetch §3.2.4:
 * CORS-safelisted response-header names). */
static const char *const safelisted[] = {
	"Cache-Control", "Content-Language", "Content-Length", "Content-Type",
	"Expires", "Last-Modified", "Pragma",
};

/* Content-Security-Policy of our own HTML pages: nothing from elsewhere,
 * no inline script or style (the index loads ?asset=statuscgi.js). */
const char policy_csp_index[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; "
    "connect-src 'self'; img-src data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'";
const char policy_csp_page[] =
    "default-src 'none'; style-src 'self'; img-src data:; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/* Returns 1 if the n bytes at name are one of list (any case), 0 if not. */
static int
in_list(const char *name, size_t n, const char *const *list, size_t count)
{
	size_t	 i;

	for (i = 0; i < count; i++)
		if (strlen(list[i]) == n && strncasecmp(list[i], name, n) == 0)
			return 1;
	return 0;
}

int
policy_header_param(const char *v, struct fail *f)
{
	const char	*colon = strchr(v, ':');
	size_t		 n;
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
	return 0;
}

int
policy_extra_header(struct store *st, struct head *h, const char *v,
    struct fail *f)
{
	const char	*colon = strchr(v, ':'), *val, *name;
	size_t		 n = (size_t)(colon - v), vn;

	for (val = colon + 1; *val == ' '; val++)
		;
	vn = strlen(val);
	while (vn > 0 && val[vn - 1] == ' ')
		vn--;
	name = store_n(st, v, n);
	return head_add(h, name, store_n(st, val, vn), "header", f);
}

int
policy_links(struct head *h, const struct request *r, int deflt,
    struct fail *f)
{
	size_t	 i;
	int	 any = 0;

	for (i = 0; i < r->params.n; i++) {
		const char *v = r->params.v[i].value;

		if (strcmp(r->params.v[i].name, "link") != 0 || v[0] == '\0')
			continue;
		if (head_add(h, "Link", v, "link", f) == -1)
			return -1;
		any = 1;
	}
	if (!any && deflt)
		return head_add(h, "Link",
		    "</statuscgi.css>; rel=preload; as=style", "link", f);
	return 0;
}

int
policy_cors(struct store *st, struct head *h, struct fail *f)
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
	    store_n(st, list, len), NULL, f) == -1)
		return -1;
	return 0;
}

const char *
policy_location(struct store *st, const char *script)
{
	if (script != NULL)
		return store_printf(st, "%s/200", script);
	return "?code=200";
}

const char *
policy_allow(struct store *st, const char *methods)
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
	return store_n(st, list, len);
}
